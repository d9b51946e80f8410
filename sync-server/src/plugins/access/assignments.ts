import { isUserId } from '@oblako/domain';
import type { Access, AssignmentChanges, AssignmentDoc, Seq } from './types';

const PREFIX = 'assignment:';
const MAX_UPDATE_ATTEMPTS = 10;
export const DESIGN_DOC_ID = '_design/access';
const BY_PATIENT_VIEW = 'access/active_by_patient';

/** Finds the doctors of a patient without scanning every assignment. */
export const ACCESS_DESIGN_DOC = {
  _id: DESIGN_DOC_ID as `_design/${string}`,
  views: {
    active_by_patient: {
      map: "function (doc) { if (doc.type === 'assignment' && doc.active === true) { emit(doc.patientId, doc.doctorId); } }",
    },
  },
};

export function assignmentId(doctorId: string, patientId: string): string {
  return `${PREFIX}${doctorId}:${patientId}`;
}

/** `assignment:<doctor>:<patient>` → the pair; null for any other id. User ids contain no `:`. */
export function parseAssignmentId(id: string): { doctorId: string; patientId: string } | null {
  if (!id.startsWith(PREFIX)) return null;
  const [doctorId, patientId, ...rest] = id.slice(PREFIX.length).split(':');
  if (rest.length > 0 || !isUserId(doctorId) || !isUserId(patientId)) return null;
  return { doctorId, patientId };
}

function statusOf(error: unknown): number | undefined {
  return (error as { status?: number } | null)?.status;
}

/** The access log over one store database (`access`): plain documents, no process state. */
export function createAccess(db: PouchDB.Database, afterRevoke: (doctorId: string, patientId: string) => Promise<void> = async () => undefined): Omit<Access, 'watch' | 'onRevoked'> {
  const read = async (id: string): Promise<AssignmentDoc | null> => {
    try {
      return (await db.get(id)) as unknown as AssignmentDoc;
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  };

  /** Read-modify-write with the revision as the lock; a concurrent change (409) means re-read. */
  const setActive = async (doctorId: string, patientId: string, active: boolean, by: string): Promise<boolean> => {
    if (!isUserId(doctorId) || !isUserId(patientId)) throw new Error('assignment needs two user ids');
    const id = assignmentId(doctorId, patientId);
    for (let attempt = 1; ; attempt++) {
      const current = await read(id);
      if ((current?.active ?? false) === active) return false;
      const at = new Date().toISOString();
      const next: AssignmentDoc = {
        _id: id,
        ...(current?._rev ? { _rev: current._rev } : {}),
        type: 'assignment',
        doctorId,
        patientId,
        active,
        changedAt: at,
        changedBy: by,
        history: [...(current?.history ?? []), { active, at, by }],
      };
      try {
        await db.put(next);
        return true;
      } catch (error) {
        if (statusOf(error) !== 409 || attempt >= MAX_UPDATE_ATTEMPTS) throw error;
      }
    }
  };

  return {
    async assign(doctorId, patientId, by = 'system') {
      await setActive(doctorId, patientId, true, by);
    },
    async revoke(doctorId, patientId, by = 'system') {
      if (await setActive(doctorId, patientId, false, by)) await afterRevoke(doctorId, patientId);
    },

    async assignedPatients(doctorId) {
      const prefix = `${PREFIX}${doctorId}:`;
      const result = await db.allDocs<AssignmentDoc>({ startkey: prefix, endkey: `${prefix}\ufff0`, include_docs: true });
      return result.rows.flatMap((row) => (row.doc?.active === true ? [row.doc.patientId] : []));
    },

    async doctorsOf(patientId) {
      const result = await db.query<AssignmentDoc>(BY_PATIENT_VIEW, { key: patientId });
      return result.rows.map((row) => String(row.value));
    },

    async position(): Promise<Seq> {
      return (await db.info()).update_seq;
    },

    async changesFor(doctorId, since, scanLimit): Promise<AssignmentChanges> {
      const result = await db.changes({ since: since as number, limit: scanLimit });
      const changes: AssignmentChanges['changes'] = [];
      for (const row of result.results) {
        const pair = parseAssignmentId(row.id);
        if (pair && pair.doctorId === doctorId) changes.push({ patientId: pair.patientId, seq: row.seq });
      }
      return { changes, lastSeq: result.last_seq, complete: result.results.length < scanLimit };
    },
  };
}
