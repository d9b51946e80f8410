/**
 * Every replicated document belongs to one *partition*: the person whose data it is
 * (a patient's id for medical data, a doctor's id for their calendar). The partition is the
 * prefix of the document id: `<partition>:<local part>`. Authorisation, range reads and
 * CouchDB 3 partitioned databases all key off it, so ownership can be checked from the id alone.
 */
export const PARTITION_SEPARATOR = ':';

/** User ids: lowercase, no separator, safe in URLs and CouchDB ids. */
export const USER_ID_PATTERN = /^[a-z0-9][a-z0-9-]{5,63}$/;

/** A full replicated document id: `<user id>:<local part>`. */
export const DOC_ID_PATTERN = /^[a-z0-9][a-z0-9-]{5,63}:[A-Za-z0-9_.-]{1,100}$/;

export function docId(partition: string, localPart: string): string {
  return `${partition}${PARTITION_SEPARATOR}${localPart}`;
}

/** The partition of a document id, or null when the id is not a valid replicated document id. */
export function partitionOf(id: string): string | null {
  if (!DOC_ID_PATTERN.test(id)) return null;
  return id.slice(0, id.indexOf(PARTITION_SEPARATOR));
}

export function isUserId(value: unknown): value is string {
  return typeof value === 'string' && USER_ID_PATTERN.test(value);
}
