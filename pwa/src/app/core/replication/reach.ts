import type { CollectionDefinition, Role } from '@oblako/domain';

/** Whether the role may read anything of the collection (else the server has nothing for it). */
export function readableBy(definition: CollectionDefinition, role: Role): boolean {
  return definition.access.read[role] !== undefined;
}

/** Whether the role may change anything of the collection (else it is replicated pull-only). */
export function writableBy(definition: CollectionDefinition, role: Role): boolean {
  return definition.access.write[role] !== undefined || definition.access.delete?.[role] !== undefined;
}
