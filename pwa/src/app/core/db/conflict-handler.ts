import type { RxConflictHandler, RxConflictHandlerInput, WithDeleted } from 'rxdb';
import { threeWayMerge, type CollectionDefinition } from '@oblako/domain';
import { BOOKKEEPING_FIELDS, EDIT_TIME_FIELDS, sameContent } from './document-state';
import type { KnownRevisions } from './known-revisions';
import type { EditBases } from './edit-bases';
import type { RejectionRegistry } from './rejections';
import type { NewSyncNotice } from './sync-notice';

/**
 * The context in which RxDB's downstream (rxdb 17.6 `replication-protocol/downstream.js`) asks
 * whether a pulled server version equals the device's copy, after it has established that the
 * copy has no unsent change. "Equal" there means: nothing to write.
 */
export const PULLED_VERSION_VS_LOCAL_COPY = 'downstream-check-if-equal-1';

export interface ConflictHandlerDeps {
  collection: string;
  primaryKey: string;
  rejections: RejectionRegistry;
  /** Server revisions this device is known to be at (its own writes). */
  knownRevisions: KnownRevisions;
  /** The version unconfirmed edits started from, for when RxDB lost what it assumed the server held. */
  editBases?: EditBases;
  /** Keeps what this device wanted where the person sees it. */
  recordNotice: (notice: NewSyncNotice) => Promise<unknown>;
  /** The collection's own rule (CollectionDefinition.resolveConflict), used instead of the field merge. */
  resolveConflict?: CollectionDefinition['resolveConflict'];
  /** The zone texts with a time are written in; the device's by default. */
  timeZone?: () => string;
}

type Doc = Record<string, unknown>;

/**
 * RxDB's default handler keeps the server copy and drops the offline edit silently. This one
 * merges field by field (modules/domain/merge): base = what both sides last agreed on, local =
 * this device, remote = the server. Local-only changes survive on top of the server version;
 * a field both sides changed differently takes the server value and leaves a visible notice
 * carrying the local value. A write the server refused settles on the server version (its
 * content is already kept in a "rejected" notice) so the same write is not pushed forever.
 *
 * Equality is content equality, with one exception that keeps a stale echo from undoing the
 * person's edit: a pulled version older than a revision this device already wrote (a pull
 * page computed before the device's own latest push) brings nothing new, so RxDB writes
 * nothing — neither over the local copy nor as the base of the next push.
 */
export function createConflictHandler(deps: ConflictHandlerDeps): RxConflictHandler<Doc> {
  return {
    isEqual: (a, b, context) => {
      if (context === PULLED_VERSION_VS_LOCAL_COPY) {
        const id = String(a[deps.primaryKey]);
        if (deps.knownRevisions.supersedes(deps.collection, id, a["_rev"])) return true;
      }
      return sameContent(a, b);
    },
    resolve: async (input: RxConflictHandlerInput<Doc>) => {
      const remote = input.realMasterState;
      const local = input.newDocumentState;
      const id = String(local[deps.primaryKey] ?? remote[deps.primaryKey]);
      // Whatever is kept builds on this server version: older pulled versions are stale now.
      deps.knownRevisions.learn(deps.collection, id, remote['_rev'] as string | undefined);
      // The version the edit started from, for when RxDB has no assumption (EditBases). Kept until
      // the server confirms the merged version (couch-push.ts): RxDB may have to resolve the same
      // push again (its write of this result can meet a newer edit), and that edit's base is still it.
      const started = deps.editBases ? (await deps.editBases.find(deps.collection, [id])).get(id) : undefined;
      if (deps.rejections.take(deps.collection, id) !== undefined) {
        // Settled on the server version: nothing of this edit is left to send.
        if (started) await deps.editBases!.forget(deps.collection, [id]);
        return remote;
      }

      // The device's own confirmed write when RxDB's memory of the server is older (KnownRevisions).
      const base = deps.knownRevisions.newerWrite(deps.collection, id, input.assumedMasterState)?.content ?? input.assumedMasterState ?? started;
      if (deps.resolveConflict) {
        const timeZone = deps.timeZone?.() ?? deviceTimeZone();
        const { merged, notices } = deps.resolveConflict({ base, local, remote, timeZone });
        if (notices.length > 0) {
          await deps.recordNotice({ kind: 'resolved', collection: deps.collection, docId: id, fields: [], messages: [...notices] });
        }
        return merged as WithDeleted<Doc>;
      }

      const { merged, conflicts } = threeWayMerge(base, local, remote, {
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

function deviceTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
