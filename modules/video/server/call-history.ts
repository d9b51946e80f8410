import type { ConsultationCallEvent } from '@oblako/domain';
import type { CallRole } from '../join-window';

/** A side that comes back within this time did not leave: its return counts as a reconnection. */
export const LEFT_GRACE_MS = 20_000;

/** Appends events to the consultation's history (the consultations module's hook). */
export type AppendCallEvents = (consultationId: string, events: readonly ConsultationCallEvent[]) => Promise<boolean>;

interface CallState {
  /** Sides whose arrival is in the history and who have not left since. */
  present: Set<CallRole>;
  /** A disconnection not yet written: the side may be back within the grace (network switch). */
  pendingLeft: Map<CallRole, { at: Date; timer: NodeJS.Timeout }>;
  reconnections: number;
  audioOnly: Set<CallRole>;
  ended: boolean;
}

/**
 * What of a call goes into the consultation's history, and when — few writes, not one per flap:
 * an arrival per side, a departure only when the side stays away longer than the grace, the
 * reconnections as one count at the end, audio-only once per side, and at the end who left and
 * how long the call lasted. (Every connection and disconnection is in the call log, `call-log.ts`.)
 * Per process, like the signalling; a restart may write an arrival again when devices reconnect.
 */
export class CallHistory {
  private readonly calls = new Map<string, CallState>();

  constructor(
    private readonly append: AppendCallEvents,
    private readonly onFailure: (error: unknown) => void,
    private readonly leftGraceMs = LEFT_GRACE_MS,
  ) {}

  /** A device of this side connected (a return within the grace is a reconnection, whichever device). */
  joined(consultationId: string, role: CallRole, at: Date): void {
    const call = this.callOf(consultationId);
    if (call.ended) return;
    const pending = call.pendingLeft.get(role);
    if (pending) {
      clearTimeout(pending.timer);
      call.pendingLeft.delete(role);
      call.reconnections++;
      return;
    }
    if (call.present.has(role)) return;
    call.present.add(role);
    this.write(consultationId, [{ kind: 'joined', role, at: at.toISOString() }]);
  }

  left(consultationId: string, role: CallRole, at: Date): void {
    const call = this.callOf(consultationId);
    if (call.ended || call.pendingLeft.has(role)) return;
    const timer = setTimeout(() => {
      call.pendingLeft.delete(role);
      call.present.delete(role);
      this.write(consultationId, [{ kind: 'left', role, at: at.toISOString() }]);
    }, this.leftGraceMs);
    timer.unref();
    call.pendingLeft.set(role, { at, timer });
  }

  audioOnly(consultationId: string, role: CallRole, at: Date): void {
    const call = this.callOf(consultationId);
    if (call.ended || call.audioOnly.has(role)) return;
    call.audioOnly.add(role);
    this.write(consultationId, [{ kind: 'audio_only', role, at: at.toISOString() }]);
  }

  /** The doctor ended the call: who left when, the reconnections, the duration — one write. */
  async ended(consultationId: string, at: Date, seconds: number | undefined): Promise<void> {
    const call = this.callOf(consultationId);
    if (call.ended) return;
    call.ended = true;
    const events: ConsultationCallEvent[] = [];
    for (const role of ['patient', 'doctor'] as const) {
      const pending = call.pendingLeft.get(role);
      if (pending) {
        clearTimeout(pending.timer);
        events.push({ kind: 'left', role, at: pending.at.toISOString() });
      } else if (call.present.has(role)) {
        events.push({ kind: 'left', role, at: at.toISOString() });
      }
    }
    call.pendingLeft.clear();
    call.present.clear();
    if (call.reconnections > 0) events.push({ kind: 'reconnected', role: 'patient', at: at.toISOString(), count: call.reconnections });
    events.push({ kind: 'ended', role: 'doctor', at: at.toISOString(), ...(seconds !== undefined ? { seconds } : {}) });
    events.sort((a, b) => a.at.localeCompare(b.at));
    try {
      await this.append(consultationId, events);
    } catch (error) {
      this.onFailure(error);
    }
  }

  /** On shutdown: departures still in their grace are written now. */
  async close(): Promise<void> {
    const writes: Promise<unknown>[] = [];
    for (const [consultationId, call] of this.calls) {
      for (const [role, pending] of call.pendingLeft) {
        clearTimeout(pending.timer);
        writes.push(this.append(consultationId, [{ kind: 'left', role, at: pending.at.toISOString() }]).catch(this.onFailure));
      }
      call.pendingLeft.clear();
    }
    await Promise.all(writes);
  }

  private callOf(consultationId: string): CallState {
    let call = this.calls.get(consultationId);
    if (!call) {
      call = { present: new Set(), pendingLeft: new Map(), reconnections: 0, audioOnly: new Set(), ended: false };
      this.calls.set(consultationId, call);
    }
    return call;
  }

  private write(consultationId: string, events: ConsultationCallEvent[]): void {
    void this.append(consultationId, events).catch(this.onFailure);
  }
}
