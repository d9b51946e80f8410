import type { CollectionDefinition, ModuleDefinition } from '@oblako/domain';

/**
 * Every collection the modules bring (all are created on the device). On its own, with no code
 * imports: the sign-in page reads it before the data layer's code has loaded.
 */
export function collectionsOf(modules: readonly ModuleDefinition[]): CollectionDefinition[] {
  return modules.flatMap((module) => module.collections ?? []);
}
