import { collectionPolicy, reachOf, type StoredDoc, type Viewer } from '@oblako/domain';
import type { Store } from '../store/index';
import { getOrNull, putUnlessConflict } from '../store/single';
import type { ReplicatedCollection } from './viewer';

/** Server-only database of what each doctor could see of a patient when their access ended. */
export const ACCESS_SNAPSHOTS_DB = 'access_snapshots';

const MAX_WRITE_ATTEMPTS = 10;

/**
 * One per (doctor, patient), rewritten at every revocation: the ids, per collection, of the
 * patient's documents the doctor was allowed to read at that moment. A device that pulls past
 * the revocation gets tombstones for exactly these (it can hold no other), never for documents
 * written later, whose ids and revisions are none of its business.
 */
interface AccessSnapshotDoc {
  _id: string;
  _rev?: string;
  type: 'access_snapshot';
  doctorId: string;
  patientId: string;
  revokedAt: string;
  collections: Record<string, string[]>;
}

export interface AccessSnapshots {
  /** Records what the doctor could read of the patient (called right after the revocation is stored). */
  record(doctorId: string, patientId: string): Promise<void>;
  /**
   * The ids of `collection` the doctor could read of the patient when access last ended; null
   * when nothing was recorded (a revocation made before snapshots existed, or one whose instance
   * died before recording): the caller then falls back to the partition as it is now.
   */
  visibleAtRevocation(collection: string, doctorId: string, patientId: string): Promise<ReadonlySet<string> | null>;
}

export function createAccessSnapshots(store: Store, collections: ReadonlyMap<string, ReplicatedCollection>): AccessSnapshots {
  const db = () => store.db(ACCESS_SNAPSHOTS_DB);
  const idOf = (doctorId: string, patientId: string) => `${doctorId}:${patientId}`;

  return {
    async record(doctorId, patientId) {
      // As the doctor saw them: the partition through the policy of "assigned to this patient".
      const viewer: Viewer = { id: doctorId, role: 'doctor', assignedPatients: new Set([patientId]) };
      const visible: Record<string, string[]> = {};
      for (const [name, { definition, schemaCheck }] of collections) {
        if (reachOf(definition.access.read, viewer) !== 'assigned') continue;
        const policy = collectionPolicy(definition, viewer, { schemaCheck });
        const rows = await store.db(name).allDocs({ startkey: `${patientId}:`, endkey: `${patientId}:\ufff0`, include_docs: true });
        visible[name] = rows.rows.flatMap((row) => (row.doc && policy.canRead(row.doc as unknown as StoredDoc) ? [row.id] : []));
      }
      for (let attempt = 1; ; attempt++) {
        const existing = await getOrNull<AccessSnapshotDoc>(db(), idOf(doctorId, patientId));
        const doc: AccessSnapshotDoc = {
          _id: idOf(doctorId, patientId),
          ...(existing ? { _rev: existing._rev } : {}),
          type: 'access_snapshot',
          doctorId,
          patientId,
          revokedAt: new Date().toISOString(),
          collections: visible,
        };
        if (await putUnlessConflict(db(), doc)) return;
        if (attempt >= MAX_WRITE_ATTEMPTS) throw new Error(`Access snapshot ${doc._id} keeps changing concurrently`);
      }
    },

    async visibleAtRevocation(collection, doctorId, patientId) {
      const snapshot = await getOrNull<AccessSnapshotDoc>(db(), idOf(doctorId, patientId));
      const ids = snapshot?.collections[collection];
      return ids ? new Set(ids) : null;
    },
  };
}
