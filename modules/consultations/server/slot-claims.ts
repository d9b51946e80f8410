import { BOOKING_STATUSES, type Consultation } from '@oblako/domain';
import type { FastifyInstance } from '@oblako/server-kit';
import { getOrNull } from '@oblako/server-kit';
import { DB, type StoredConsultation } from './store';

/**
 * Slot claims: cross-instance exclusivity of bookings through the store's own atomicity.
 *
 * The guard's booking check runs under a lock that is per process; several instances sharing
 * one CouchDB could each pass it and both store a booking of the same slot. So before a write
 * that makes a consultation hold a slot is stored, the server creates the slot's claim document
 * in the server-only `slot_claims` database with a fixed id `<doctorId>:<slot start>`: the
 * store lets exactly one creator succeed, the other gets 409 and looks at who holds it.
 *
 * A consultation holds a slot exactly when the calendar counts it as a booking
 * (BOOKING_STATUSES, a doctor and a slot). Slots sit on the calendar's grid (`not_slot_aligned`),
 * so the same start means the same slot as long as the doctor's slot length is unchanged.
 */
export const SLOT_CLAIMS_DB = 'slot_claims';

/**
 * How long a claim whose write has not been stored yet (its consultation still at the revision
 * the claim was made on) counts as held: a check and its write take milliseconds, so this only
 * matters when an instance died between claiming and rolling back.
 */
export const CLAIM_PENDING_MS = 60_000;

const MAX_ATTEMPTS = 5;

export interface SlotClaimDoc {
  _id: string;
  _rev?: string;
  doctorId: string;
  consultationId: string;
  start: string;
  end: string;
  /** The revision of the consultation the claiming write was checked against (null: a new consultation). */
  basedOnRev: string | null;
  claimedAt: string;
}

/** A claim this write created or took over, to be undone if the write is not stored. */
export interface TakenClaim {
  key: string;
  consultationId: string;
  /** The revision of the claim as written (undo only touches exactly that). */
  rev: string;
  /** The claim it replaced when its holder was displaced by the booking rule (restored on undo). */
  previous: SlotClaimDoc | null;
}

export type ClaimOutcome = { ok: true; taken: TakenClaim | null } | { ok: false; holder: string | null };

/** The claim id of the slot a consultation holds, or null when it holds none. */
export function heldSlotKey(consultation: Consultation | null | undefined): string | null {
  if (!consultation?.slot || !consultation.doctorId || !BOOKING_STATUSES.includes(consultation.status)) return null;
  return `${consultation.doctorId}:${consultation.slot.start}`;
}

function isConflict(error: unknown): boolean {
  return (error as { status?: number }).status === 409;
}

export class SlotClaims {
  constructor(private readonly app: FastifyInstance) {}

  private get claims(): PouchDB.Database {
    return this.app.store.db(SLOT_CLAIMS_DB);
  }

  private async consultation(id: string): Promise<StoredConsultation | null> {
    return getOrNull<StoredConsultation>(this.app.store.db(DB.consultations), id);
  }

  private async holds(consultationId: string, key: string): Promise<boolean> {
    const stored = await this.consultation(consultationId);
    return stored !== null && heldSlotKey(stored as unknown as Consultation) === key;
  }

  /**
   * Claims the slot `after` holds when `before` did not hold it already; call before the write
   * is stored. `basedOnRev` is the consultation's revision the write was checked against;
   * `displacing` the consultations this write takes the slot from by the booking rule (their
   * claims are taken over). Refused when another consultation holds the slot, or its write is
   * still on its way (a fresh claim, its consultation unchanged since).
   */
  async claim(before: Consultation | null, after: Consultation, basedOnRev: string | null, displacing: ReadonlySet<string> = new Set()): Promise<ClaimOutcome> {
    const key = heldSlotKey(after);
    if (!key || key === heldSlotKey(before)) return { ok: true, taken: null };
    const fresh: SlotClaimDoc = {
      _id: key,
      doctorId: after.doctorId!,
      consultationId: after.id,
      start: after.slot!.start,
      end: after.slot!.end,
      basedOnRev,
      claimedAt: new Date().toISOString(),
    };
    let holder: string | null = null;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const existing = await getOrNull<SlotClaimDoc>(this.claims, key);
      let previous: SlotClaimDoc | null = null;
      if (existing && existing.consultationId !== after.id) {
        holder = existing.consultationId;
        if (displacing.has(holder)) {
          previous = existing;
        } else if (!(await this.isStale(existing, key))) {
          return { ok: false, holder };
        }
      }
      try {
        const written = await this.claims.put({ ...fresh, ...(existing?._rev ? { _rev: existing._rev } : {}) });
        return { ok: true, taken: { key, consultationId: after.id, rev: written.rev, previous } };
      } catch (error) {
        // Created, changed or removed by someone else meanwhile: look again.
        if (!isConflict(error)) throw error;
      }
    }
    return { ok: false, holder };
  }

  /** A claim nobody holds any more: its consultation left the slot, or its write never got stored. */
  private async isStale(claim: SlotClaimDoc, key: string): Promise<boolean> {
    const stored = await this.consultation(claim.consultationId);
    if (stored && heldSlotKey(stored as unknown as Consultation) === key) return false;
    const unchanged = (stored?._rev ?? null) === claim.basedOnRev;
    const young = Date.now() - Date.parse(claim.claimedAt) < CLAIM_PENDING_MS;
    // Unchanged and young: the claiming write may be on its way right now (another instance).
    return !(unchanged && young);
  }

  /**
   * Undoes claims of a write that was not stored (revision conflict, refused by the store): a
   * displaced holder gets its claim back, otherwise the claim is removed. Only the claim exactly
   * as this write left it is touched, and never while the consultation does hold the slot.
   */
  async rollback(taken: readonly TakenClaim[]): Promise<void> {
    for (const entry of taken) {
      const current = await getOrNull<SlotClaimDoc>(this.claims, entry.key);
      if (!current || current._rev !== entry.rev) continue;
      if (await this.holds(entry.consultationId, entry.key)) continue;
      try {
        if (entry.previous && (await this.holds(entry.previous.consultationId, entry.key))) {
          const { _rev: _old, ...restored } = entry.previous;
          await this.claims.put({ ...restored, _rev: current._rev });
        } else {
          await this.claims.remove(current._id, current._rev!);
        }
      } catch (error) {
        // Changed meanwhile: it is someone else's now.
        if (!isConflict(error)) throw error;
      }
    }
  }

  /** After a stored change: the claim of a slot `before` held and `after` does not is removed. */
  async releaseLeft(before: Consultation | null, after: Consultation): Promise<void> {
    const key = heldSlotKey(before);
    if (key && key !== heldSlotKey(after)) await this.release(key, after.id);
  }

  /** Removes the claim `key` when it is the consultation's and the consultation no longer holds the slot. */
  async release(key: string, consultationId: string): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await getOrNull<SlotClaimDoc>(this.claims, key);
      if (!current || current.consultationId !== consultationId) return;
      if (await this.holds(consultationId, key)) return;
      try {
        await this.claims.remove(current._id, current._rev!);
        return;
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    }
  }

  /** The claim of one slot, for tests and diagnostics. */
  async get(key: string): Promise<SlotClaimDoc | null> {
    return getOrNull<SlotClaimDoc>(this.claims, key);
  }
}
