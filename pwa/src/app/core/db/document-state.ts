import { deepEqual } from '@oblako/domain';

/** Fields that belong to the storage, not to the document's content. */
export const BOOKKEEPING_FIELDS = ['_rev', '_meta', '_attachments', '_id', '_revisions', '_conflicts'] as const;
/** Fields holding the time of the last edit: they change on every save and never conflict. */
export const EDIT_TIME_FIELDS = ['updatedAt'] as const;

export function withoutBookkeeping(doc: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...doc };
  for (const field of BOOKKEEPING_FIELDS) delete copy[field];
  if (copy['_deleted'] === false) delete copy['_deleted'];
  return copy;
}

/** Same content, whatever the revisions and storage metadata say. */
export function sameContent(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  return deepEqual(withoutBookkeeping(a), withoutBookkeeping(b));
}
