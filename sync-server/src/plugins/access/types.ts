/**
 * A position in a store's change log. CouchDB sequences are opaque strings, the embedded
 * LevelDB store counts with numbers; callers only pass them back.
 */
export type Seq = number | string;

/** One (doctor, patient) pair in the server-only `access` database. */
export interface AssignmentDoc {
  /** `assignment:<doctorId>:<patientId>`: one document per pair, so a change is one write. */
  _id: string;
  _rev?: string;
  type: 'assignment';
  doctorId: string;
  patientId: string;
  active: boolean;
  changedAt: string;
  /** User id of whoever made the last change, or `system`. */
  changedBy: string;
  /**
   * Every change ever made, oldest first. Kept in the same document as the state so the audit
   * entry and the change it records are written atomically: neither exists without the other.
   */
  history: AssignmentEvent[];
}

export interface AssignmentEvent {
  active: boolean;
  at: string;
  by: string;
}

/** Assignment changes of one doctor found in one scan of the access log. */
export interface AssignmentChanges {
  /** In log order; a pair appears once, at the position of its latest change. */
  changes: { patientId: string; seq: Seq }[];
  /** Where the scan stopped: pass it as `since` to continue. */
  lastSeq: Seq;
  /** True when the scan reached the end of the log. */
  complete: boolean;
}

/** Which doctor may see which patient's data, changing over time. */
export interface Access {
  /** Assigns (idempotent: an active assignment is left as it is). */
  assign(doctorId: string, patientId: string, by?: string): Promise<void>;
  /** Revokes (idempotent: nothing happens when there is no active assignment). */
  revoke(doctorId: string, patientId: string, by?: string): Promise<void>;
  assignedPatients(doctorId: string): Promise<string[]>;
  doctorsOf(patientId: string): Promise<string[]>;
  /** The current end of the access log, read before a scope so later changes are not missed. */
  position(): Promise<Seq>;
  /** Assignment changes of this doctor after `since`, scanning at most `scanLimit` log entries. */
  changesFor(doctorId: string, since: Seq, scanLimit: number): Promise<AssignmentChanges>;
  /**
   * Calls the listener after every assignment change seen by this process (from any instance:
   * it follows the store's change feed). Returns the unsubscribe function.
   */
  watch(listener: (change: { doctorId: string; patientId: string }) => void): () => void;
  /**
   * Runs after a revocation this process wrote (not after an idempotent no-op), before
   * `revoke()` resolves: what the doctor could see at that moment can be recorded (see the
   * replication's access-snapshots.ts). A listener's failure is logged, never undoes the revocation.
   */
  onRevoked(listener: (change: { doctorId: string; patientId: string }) => Promise<void>): void;
}
