import type { RxConflictHandler, RxConflictHandlerInput, WithDeleted } from 'rxdb';
import { threeWayMerge } from '@oblako/domain';
import { BOOKKEEPING_FIELDS, EDIT_TIME_FIELDS, sameContent } from './document-state';
import type { RejectionRegistry } from './rejections';
import type { NewSyncNotice } from './sync-notice';

export interface ConflictHandlerDeps {
  collection: string;
  primaryKey: string;
  rejections: RejectionRegistry;
  /** Keeps what this device wanted where the person sees it. */
  recordNotice: (notice: NewSyncNotice) => Promise<unknown>;
}

type Doc = Record<string, unknown>;

/**
 * RxDB's default handler keeps the server copy and drops the offline edit silently. This one
 * merges field by field (modules/domain/merge): base = what both sides last agreed on, local =
 * this device, remote = the server. Local-only changes survive on top of the server version;
 * a field both sides changed differently takes the server value and leaves a visible notice
 * carrying the local value. A write the server refused settles on the server version (its
 * content is already kept in a "rejected" notice) so the same write is not pushed forever.
 */
export function createConflictHandler(deps: ConflictHandlerDeps): RxConflictHandler<Doc> {
  return {
    isEqual: (a, b) => sameContent(a, b),
    resolve: async (input: RxConflictHandlerInput<Doc>) => {
      const remote = input.realMasterState;
      const local = input.newDocumentState;
      const id = String(local[deps.primaryKey] ?? remote[deps.primaryKey]);
      if (deps.rejections.take(deps.collection, id) !== undefined) return remote;

      const { merged, conflicts } = threeWayMerge(input.assumedMasterState, local, remote, {
        ignore: BOOKKEEPING_FIELDS,
        latest: EDIT_TIME_FIELDS,
      });
      if (conflicts.length > 0) {
        await deps.recordNotice({
          kind: 'conflict',
          collection: deps.collection,
          docId: id,
          fields: conflicts.map(({ field, local: l, remote: r }) => ({ field, local: l ?? null, remote: r ?? null })),
        });
      }
      return merged as WithDeleted<Doc>;
    },
  };
}
