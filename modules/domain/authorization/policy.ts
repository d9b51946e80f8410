import type { CollectionDefinition } from '../module-contract';
import { canRead, canReadId, canReadPartition } from './read';
import { checkWrite, type WriteCheckOptions } from './write';
import { dependsOnAssignments } from './reach';
import type { StoredDoc, Viewer, WriteRefusal } from './types';

/**
 * One viewer's rights in one collection, bound together so an endpoint asks every question
 * of the same object and cannot mix up whose rights it checks.
 */
export interface CollectionPolicy {
  readonly collection: CollectionDefinition;
  readonly viewer: Viewer;
  /** True when what the viewer may read changes with assignments (a doctor's `assigned` reach). */
  readonly readDependsOnAssignments: boolean;
  canReadPartition(partition: string): boolean;
  canReadId(id: unknown): boolean;
  canRead(doc: StoredDoc): boolean;
  checkWrite(oldDoc: StoredDoc | null, newDoc: unknown): WriteRefusal | null;
}

export function collectionPolicy(
  collection: CollectionDefinition,
  viewer: Viewer,
  options: WriteCheckOptions = {},
): CollectionPolicy {
  return {
    collection,
    viewer,
    readDependsOnAssignments: dependsOnAssignments(collection.access.read, viewer),
    canReadPartition: (partition) => canReadPartition(collection, viewer, partition),
    canReadId: (id) => canReadId(collection, viewer, id),
    canRead: (doc) => canRead(collection, viewer, doc),
    checkWrite: (oldDoc, newDoc) => checkWrite(collection, viewer, oldDoc, newDoc, options),
  };
}
