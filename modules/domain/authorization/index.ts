/**
 * Who may see and write which replicated document: one small pure core, used by every
 * replication endpoint on the server and usable by the PWA to check an edit before saving it
 * (so both sides refuse the same things with the same codes). No I/O: the caller supplies the
 * viewer's current scope and, for schema checks, a compiled validator.
 */
export type { Viewer, StoredDoc, WriteRefusal, WriteRefusalCode, SchemaProblem, SchemaCheck } from './types';
export { reachOf, reachCovers, dependsOnAssignments } from './reach';
export { canRead, canReadId, canReadPartition } from './read';
export { checkWrite, type WriteCheckOptions } from './write';
export { collectionPolicy, type CollectionPolicy } from './policy';
export { isReservedId, toDocumentData, sameJson, STORE_FIELDS } from './doc-data';
