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
  return new BoundPolicy(collection, viewer, options);
}

/**
 * The policy as one object with its questions on the prototype, not five closures per policy:
 * the sync server makes one per collection for every request and every wake of a waiting
 * longpoll (2,000 idle devices × 6 collections held at once), and each closure also costs a
 * property store where the loader keeps function names (bench/README.md, bench:live).
 */
class BoundPolicy implements CollectionPolicy {
  readonly readDependsOnAssignments: boolean;

  constructor(
    readonly collection: CollectionDefinition,
    readonly viewer: Viewer,
    private readonly options: WriteCheckOptions,
  ) {
    this.readDependsOnAssignments = dependsOnAssignments(collection.access.read, viewer);
  }

  canReadPartition(partition: string): boolean {
    return canReadPartition(this.collection, this.viewer, partition);
  }

  canReadId(id: unknown): boolean {
    return canReadId(this.collection, this.viewer, id);
  }

  canRead(doc: StoredDoc): boolean {
    return canRead(this.collection, this.viewer, doc);
  }

  checkWrite(oldDoc: StoredDoc | null, newDoc: unknown): WriteRefusal | null {
    return checkWrite(this.collection, this.viewer, oldDoc, newDoc, this.options);
  }
}
