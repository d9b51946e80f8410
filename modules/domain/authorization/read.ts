import type { CollectionDefinition } from '../module-contract';
import { partitionOf } from '../ids';
import { reachCovers, reachOf } from './reach';
import { isReservedId } from './doc-data';
import type { StoredDoc, Viewer } from './types';

/** Whether the viewer may see documents of this partition (owner) in the collection. */
export function canReadPartition(collection: CollectionDefinition, viewer: Viewer, partition: string): boolean {
  return reachCovers(reachOf(collection.access.read, viewer), viewer, partition);
}

/**
 * Whether the viewer may learn that a document with this id exists. Ownership is checked from
 * the id alone, so it works for tombstones and for ids that are only asked about.
 */
export function canReadId(collection: CollectionDefinition, viewer: Viewer, id: unknown): boolean {
  if (typeof id !== 'string' || isReservedId(id)) return false;
  const partition = partitionOf(id);
  return partition !== null && canReadPartition(collection, viewer, partition);
}

/**
 * Whether the viewer may see this stored document. Besides the id, a live document's partition
 * field must agree with its id: writes guarantee it, and a document that somehow disagrees is
 * withheld rather than shown to the wrong person.
 */
export function canRead(collection: CollectionDefinition, viewer: Viewer, doc: StoredDoc): boolean {
  if (!canReadId(collection, viewer, doc._id)) return false;
  if (doc._deleted === true && !(collection.partitionField in doc)) return true;
  return doc[collection.partitionField] === partitionOf(doc._id);
}
