import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectionPolicy, reachOf, type CollectionDefinition, type CollectionPolicy, type SchemaCheck, type Viewer } from '@oblako/domain';
import { currentUser } from '../auth/index';
import type { AssignmentLog, PullSource } from './pull';
import type { ChangeLogStore } from './shared-reads';
import type { AccessSnapshots } from './access-snapshots';

/** A collection served under /sync/<name>/ with what is compiled for it once. */
export interface ReplicatedCollection {
  definition: CollectionDefinition;
  schemaCheck: SchemaCheck;
}

function followsAssignments(collection: CollectionDefinition, viewer: Viewer): boolean {
  const { read, write, delete: remove } = collection.access;
  return [read, write, remove].some((rule) => reachOf(rule, viewer) === 'assigned');
}

/**
 * The rights of the request's user in the collection as they are right now. Called again
 * whenever a longpoll wakes up (ViewerSource), so an assignment revoked during the wait is honoured.
 */
export async function loadPolicy(app: FastifyInstance, request: FastifyRequest, collection: ReplicatedCollection): Promise<CollectionPolicy> {
  const user = currentUser(request);
  const viewer: Viewer = { id: user.id, role: user.role };
  if (followsAssignments(collection.definition, viewer)) {
    viewer.assignedPatients = new Set(await app.access.assignedPatients(user.id));
  }
  return collectionPolicy(collection.definition, viewer, { schemaCheck: collection.schemaCheck });
}

/**
 * What one request reads of one collection: the store (as `db` shows it) and the viewer's
 * rights, loaded anew at every read (loadPolicy). A class, its methods on the prototype: one
 * is kept per collection by every waiting longpoll (2,000 idle devices × 6 collections).
 */
export class ViewerSource implements PullSource {
  constructor(
    readonly db: ChangeLogStore,
    private readonly app: FastifyInstance,
    private readonly request: FastifyRequest,
    private readonly collection: ReplicatedCollection,
    readonly assignments: AssignmentLog | undefined,
  ) {}

  loadPolicy(): Promise<CollectionPolicy> {
    return loadPolicy(this.app, this.request, this.collection);
  }
}

/** The user's assignment log when their read reach follows assignments, else undefined. */
export function assignmentLogFor(
  app: FastifyInstance,
  request: FastifyRequest,
  collection: ReplicatedCollection,
  snapshots: AccessSnapshots,
): AssignmentLog | undefined {
  const user = currentUser(request);
  if (reachOf(collection.definition.access.read, { id: user.id, role: user.role }) !== 'assigned') return undefined;
  return {
    position: () => app.access.position(),
    changes: (since, scanLimit) => app.access.changesFor(user.id, since, scanLimit),
    visibleAtRevocation: (patientId) => snapshots.visibleAtRevocation(collection.definition.name, user.id, patientId),
  };
}
