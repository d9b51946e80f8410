import { sameJson } from '../authorization/doc-data';
import { instantMs } from './instant';
import type { Notice, NoticeRecipient } from './notices';
import { TRANSITIONS, checkParty, type TransitionDefinition } from './transitions';
import type { Booking, Consultation, ConsultationActor, HistoryEntry } from './types';

/**
 * Deterministic rules for edits made concurrently (usually offline) — the same outcome whichever
 * edit reaches the server first, nothing lost silently, both sides told.
 *
 * Edits of ONE consultation meet in RxDB's conflict handler: `base` is what the device last
 * had from the server (assumedMasterState), `local` the device's version (newDocumentState),
 * `remote` the server's (realMasterState). The handler calls resolveConsultationConflict(),
 * saves `merged` (RxDB pushes it if it differs from `remote`; the server checks it like any
 * write) and shows the `local` notices to its user at once; `server` notices reach the other
 * side when the server accepts the merged write.
 *
 * Bookings of ONE SLOT by different consultations are different documents and never meet in
 * RxDB: the server applies resolveBookingClaims() when a (re)schedule arrives.
 */

export type ConflictRule =
  /** Nothing to resolve: this device made no step the server does not have. */
  | 'no_conflict'
  /** Two doctors took one patient: the take the server committed first stands. */
  | 'first_committed_wins'
  /** A cancellation beats any change made before the call, in either order of arrival. */
  | 'cancel_wins'
  /** This device's steps were replayed on top of the server's version and all still apply. */
  | 'rebased'
  /** Some of this device's steps no longer apply to the server's version; they are dropped and reported. */
  | 'server_wins';

export interface ConflictOutcome {
  rule: ConflictRule;
  /** The version to keep. Equal to `remote` when nothing of this device's edit applies. */
  merged: Consultation;
  /** This device's steps that are part of `merged`. */
  applied: HistoryEntry[];
  /** This device's steps that are not, each reported in a notice. */
  dropped: HistoryEntry[];
  notices: Notice[];
}

const TIME_FIELDS: ReadonlySet<string> = new Set(['takenAt', 'bookedAt', 'firstScheduledAt', 'readyAt', 'startedAt', 'heldAt', 'concludedAt', 'at']);

function commonPrefixLength(a: readonly HistoryEntry[], b: readonly HistoryEntry[]): number {
  let index = 0;
  while (index < a.length && index < b.length && sameJson(a[index], b[index])) index += 1;
  return index;
}

/** A value without the times stamped by a device: two devices doing the same thing differ only in those. */
function substance(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !TIME_FIELDS.has(key)));
}

/** The same step, by the same person, with the same effect (two devices of one person, or a retry). */
function sameStep(definition: TransitionDefinition, localEntry: HistoryEntry, remoteEntry: HistoryEntry, local: Consultation, remote: Consultation): boolean {
  if (localEntry.transition !== remoteEntry.transition || localEntry.actorId !== remoteEntry.actorId) return false;
  return definition.fields
    .filter((field) => !TIME_FIELDS.has(field))
    .every((field) => sameJson(substance(local[field]), substance(remote[field])));
}

function actorOf(entry: HistoryEntry): ConsultationActor {
  return { id: entry.actorId, role: entry.role };
}

function laterTime(a: string, b: string): string {
  return instantMs(a) >= instantMs(b) ? a : b;
}

interface Replay {
  merged: Consultation;
  applied: HistoryEntry[];
  dropped: HistoryEntry[];
  localSteps: HistoryEntry[];
  remoteSteps: HistoryEntry[];
}

/**
 * Replays this device's steps on top of the server's version, in order: a step the server
 * already has (same person, same effect) is skipped; a step the state machine still allows
 * from where the server's version is takes the values this device wrote for its fields; the
 * first step that is no longer allowed is dropped with every step after it (they built on it).
 * Only the state, the party and "not taken yet" are checked here; the server checks the rest
 * (slots, readiness) when the merged version is pushed.
 */
function replay(base: Consultation | undefined, local: Consultation, remote: Consultation): Replay {
  const prefix = commonPrefixLength(local.history, remote.history);
  const localSteps = local.history.slice(prefix);
  const remoteSteps = remote.history.slice(prefix);
  const unmatched = [...remoteSteps];
  const working: Record<string, unknown> = { ...remote };
  const applied: HistoryEntry[] = [];
  const dropped: HistoryEntry[] = [];
  let state = remote.status;
  for (const entry of localSteps) {
    if (dropped.length > 0) {
      dropped.push(entry);
      continue;
    }
    const definition = TRANSITIONS[entry.transition];
    const twin = unmatched.findIndex((remoteEntry) => sameStep(definition, entry, remoteEntry, local, remote));
    if (twin >= 0) {
      unmatched.splice(twin, 1);
      continue;
    }
    const seen = { ...(working as unknown as Consultation), status: state };
    const allowed =
      definition.from.includes(state) &&
      checkParty(definition, seen, actorOf(entry)) === null &&
      !(definition.name === 'take' && seen.doctorId !== undefined);
    if (!allowed) {
      dropped.push(entry);
      continue;
    }
    for (const field of definition.fields) {
      const changedHere = base ? !sameJson(base[field], local[field]) : !sameJson(remote[field], local[field]);
      if (!changedHere) continue;
      if (local[field] === undefined) delete working[field];
      else working[field] = local[field];
    }
    applied.push(entry);
    state = definition.to;
  }
  if (applied.length === 0) return { merged: remote, applied, dropped, localSteps, remoteSteps };
  const merged = {
    ...(working as unknown as Consultation),
    status: state,
    history: [...remote.history, ...applied],
    updatedAt: laterTime(local.updatedAt, remote.updatedAt),
  };
  return { merged, applied, dropped, localSteps, remoteSteps };
}

function recipientFor(entry: HistoryEntry): NoticeRecipient {
  if (entry.role === 'patient') return 'patient';
  if (entry.role === 'doctor') return 'doctor';
  return 'managers';
}

/** A notice for the person whose step did not apply, shown on their device right away. */
function localNotice(kind: Notice['kind'], entry: HistoryEntry, consultation: Consultation, extra: Partial<Notice> = {}): Notice {
  return {
    kind,
    recipient: recipientFor(entry),
    userId: entry.actorId,
    consultationId: consultation.id,
    patientId: consultation.patientId,
    transition: entry.transition,
    delivery: 'local',
    ...extra,
  };
}

const isCancel = (entry: HistoryEntry) => entry.transition.startsWith('cancel_');

/** The time a dropped (re)schedule had picked, so its author knows which booking did not happen. */
function attemptedSlot(dropped: readonly HistoryEntry[], local: Consultation): Partial<Notice> {
  const picked = dropped.some((entry) => entry.transition === 'schedule' || entry.transition === 'reschedule');
  return picked && local.slot ? { slot: local.slot } : {};
}

/**
 * Two doctors took the same patient while at least one was offline: the take the server
 * committed first stands, whatever the device clocks say (a take is a claim on a person, and
 * the server's order is the only one both sides can trust). The other doctor's take and every
 * step they built on it (a request for documents, a slot) are dropped, and they are told.
 * Applies when this device's steps contain a take and the server's version was taken by
 * someone else; returns null otherwise.
 */
export function resolveConcurrentTake(base: Consultation | undefined, local: Consultation, remote: Consultation): ConflictOutcome | null {
  const { merged, applied, dropped, localSteps } = replay(base, local, remote);
  const take = localSteps.find((entry) => entry.transition === 'take');
  if (!take || remote.doctorId === undefined || remote.doctorId === take.actorId) return null;
  const notice = localNotice('taken_by_another_doctor', take, remote);
  return { rule: 'first_committed_wins', merged, applied, dropped, notices: [notice] };
}

/**
 * A cancellation and another change made concurrently (the main case: the patient cancels
 * offline while the doctor reschedules): the cancellation wins, in either order of arrival.
 * - The server already has the cancellation: this device's change is dropped and its author
 *   is told the consultation was cancelled (with the time they tried to set and the reason).
 * - This device cancelled and the server has the change: the cancellation is replayed on top
 *   of it, the canceller is told what the other side had changed (a new time), and the doctor
 *   is told of the cancellation by the server as for any cancellation.
 * Once the call has started, a late cancellation no longer applies (the state machine does not
 * allow it): that case is left to the general rule, which reports it to the canceller.
 * Returns null when the rule does not apply.
 */
export function resolveCancelVsReschedule(base: Consultation | undefined, local: Consultation, remote: Consultation): ConflictOutcome | null {
  const outcome = replay(base, local, remote);
  const { merged, applied, dropped, localSteps, remoteSteps } = outcome;
  const remoteCancel = remoteSteps.find(isCancel);
  const localCancel = localSteps.find(isCancel);
  if (remoteCancel && dropped.length > 0) {
    const first = dropped[0] as HistoryEntry;
    const extra: Partial<Notice> = attemptedSlot(dropped, local);
    if (remote.cancellation?.reason) extra.text = remote.cancellation.reason;
    return { rule: 'cancel_wins', merged, applied, dropped, notices: [localNotice('cancelled_before_your_change', first, remote, extra)] };
  }
  if (localCancel && applied.includes(localCancel) && remoteSteps.some((entry) => !isCancel(entry))) {
    const notices: Notice[] = [];
    const slotChanged = remote.slot && !sameJson(remote.slot, base?.slot ?? local.slot);
    if (slotChanged && remote.slot) {
      const extra: Partial<Notice> = { slot: remote.slot };
      if (base?.slot) extra.previousSlot = base.slot;
      notices.push(localNotice('cancel_applied_over_reschedule', localCancel, merged, extra));
    }
    const doctorId = merged.doctorId;
    if (doctorId && localCancel.actorId !== doctorId) {
      const notice: Notice = {
        kind: localCancel.transition === 'cancel_by_manager' ? 'cancelled_by_manager' : 'cancelled_by_patient',
        recipient: 'doctor',
        userId: doctorId,
        consultationId: merged.id,
        patientId: merged.patientId,
        transition: localCancel.transition,
        delivery: 'server',
      };
      if (merged.slot) notice.slot = merged.slot;
      if (merged.cancellation?.reason) notice.text = merged.cancellation.reason;
      notices.push(notice);
    }
    return { rule: 'cancel_wins', merged, applied, dropped, notices };
  }
  return null;
}

/**
 * The conflict handler's entry point: the rules above in order, then the general one — this
 * device's steps are replayed on top of the server's version; those that no longer apply are
 * dropped and reported to their author (`change_not_applied`, naming the step).
 */
export function resolveConsultationConflict(base: Consultation | undefined, local: Consultation, remote: Consultation): ConflictOutcome {
  const special = resolveConcurrentTake(base, local, remote) ?? resolveCancelVsReschedule(base, local, remote);
  if (special) return special;
  const { merged, applied, dropped, localSteps } = replay(base, local, remote);
  if (localSteps.length === 0 || (applied.length === 0 && dropped.length === 0)) {
    return { rule: 'no_conflict', merged, applied, dropped, notices: [] };
  }
  if (dropped.length === 0) return { rule: 'rebased', merged, applied, dropped, notices: [] };
  const first = dropped[0] as HistoryEntry;
  const extra = attemptedSlot(dropped, local);
  return { rule: 'server_wins', merged, applied, dropped, notices: [localNotice('change_not_applied', first, remote, extra)] };
}

/** A consultation's claim on a slot of its doctor's calendar. */
export interface BookingClaim extends Booking {
  doctorId: string;
  patientId: string;
  /** Already accepted by the server: the patient may have been told the time. */
  committed: boolean;
}

export interface BookingResolution {
  /** Claims that keep their slot. */
  kept: BookingClaim[];
  /** Claims that lose it, with the claim that beat each. */
  displaced: { claim: BookingClaim; by: BookingClaim }[];
  /**
   * Consultations the server must move back with `release_slot` as `system` (committed claims
   * that lost: the transition tells their patient and doctor). An uncommitted claim that lost
   * is simply refused (`overlaps_booking`).
   */
  release: string[];
  /** `slot_conflict` for the doctor, one per displaced claim (naming the consultation that kept the slot). */
  notices: Notice[];
}

function bookedAtMs(claim: BookingClaim): number {
  const ms = claim.bookedAt === undefined ? Number.NaN : instantMs(claim.bookedAt);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

/**
 * Priority of two claims on overlapping time: the one booked earlier (device time `bookedAt`,
 * the moment the doctor picked the slot), then the lexicographically smaller consultation id.
 * Both are fixed when the booking is made, so every server and device ranks the same way,
 * whatever order the bookings arrive in. A claim without `bookedAt` ranks last.
 */
export function compareBookingClaims(a: BookingClaim, b: BookingClaim): number {
  const byTime = bookedAtMs(a) - bookedAtMs(b);
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime < 0 ? -1 : 1;
  return a.consultationId < b.consultationId ? -1 : a.consultationId > b.consultationId ? 1 : 0;
}

function claimsOverlap(a: Booking, b: Booking): boolean {
  return instantMs(a.start) < instantMs(b.end) && instantMs(b.start) < instantMs(a.end);
}

/**
 * Bookings of overlapping time in one doctor's calendar (two devices booked one slot offline,
 * or the slot length changed): claims are taken in priority order and each keeps its slot
 * unless it overlaps one already kept.
 */
export function resolveBookingClaims(claims: readonly BookingClaim[]): BookingResolution {
  const kept: BookingClaim[] = [];
  const displaced: { claim: BookingClaim; by: BookingClaim }[] = [];
  for (const claim of [...claims].sort(compareBookingClaims)) {
    const winner = kept.find((other) => claimsOverlap(other, claim));
    if (winner) displaced.push({ claim, by: winner });
    else kept.push(claim);
  }
  const notices = displaced.map(({ claim, by }): Notice => ({
    kind: 'slot_conflict',
    recipient: 'doctor',
    userId: claim.doctorId,
    consultationId: claim.consultationId,
    patientId: claim.patientId,
    slot: { start: claim.start, end: claim.end },
    otherConsultationId: by.consultationId,
    delivery: 'server',
  }));
  return { kept, displaced, release: displaced.filter(({ claim }) => claim.committed).map(({ claim }) => claim.consultationId), notices };
}

/** Two bookings of one slot: the rule of resolveBookingClaims for the common case. */
export function resolveDoubleBooking(a: BookingClaim, b: BookingClaim): BookingResolution {
  return resolveBookingClaims([a, b]);
}

/** The claim a consultation holds, for resolveBookingClaims (null when it holds no slot). */
export function bookingClaimOf(consultation: Consultation, committed: boolean): BookingClaim | null {
  if (!consultation.slot || !consultation.doctorId) return null;
  const claim: BookingClaim = {
    consultationId: consultation.id,
    doctorId: consultation.doctorId,
    patientId: consultation.patientId,
    ...consultation.slot,
    committed,
  };
  if (consultation.bookedAt !== undefined) claim.bookedAt = consultation.bookedAt;
  return claim;
}
