import { getOrNull, type FastifyInstance } from '@oblako/server-kit';
import type { CallEvent, CallEventKind, CallSummary } from '../api';
import type { CallRole } from '../join-window';

/** Server-only database (never replicated): one document per consultation's call. */
export const CALLS_DB = 'video_calls';

/** A join by the same device within this time after it left is a reconnection, not a new join. */
const RECONNECT_WINDOW_MS = 2 * 60_000;

interface CallDoc {
  _id: string;
  _rev?: string;
  consultationId: string;
  events: (CallEvent & { deviceId?: string })[];
  startedAt?: string;
  endedAt?: string;
  durationSeconds?: number;
}

/**
 * The call's events (joined, left, reconnected, replaced, audio only, ended) and its duration,
 * kept per consultation. Writes of one consultation are chained in this process and retried on
 * a revision conflict, so no event is lost when both sides connect at once.
 */
export class CallLog {
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(private readonly app: FastifyInstance) {}

  private get db(): PouchDB.Database {
    return this.app.store.db(CALLS_DB);
  }

  async summary(consultationId: string): Promise<CallSummary> {
    const doc = await getOrNull<CallDoc>(this.db, consultationId);
    return summaryOf(consultationId, doc);
  }

  /** Records a connection; says whether it was a reconnection of the same device. */
  async joined(consultationId: string, role: CallRole, deviceId: string, at: Date): Promise<CallEventKind> {
    let kind: CallEventKind = 'joined';
    await this.update(consultationId, (doc) => {
      const last = [...doc.events].reverse().find((event) => event.role === role);
      if (last?.kind === 'left' && last.deviceId === deviceId && at.getTime() - Date.parse(last.at) <= RECONNECT_WINDOW_MS) kind = 'reconnected';
      doc.events.push({ kind, role, at: at.toISOString(), deviceId });
      if (!doc.startedAt && bothPresent(doc.events)) doc.startedAt = at.toISOString();
    });
    return kind;
  }

  async record(consultationId: string, kind: CallEventKind, role: CallRole, at: Date, deviceId?: string): Promise<void> {
    await this.update(consultationId, (doc) => {
      doc.events.push({ kind, role, at: at.toISOString(), ...(deviceId ? { deviceId } : {}) });
    });
  }

  /** The doctor ended the call: its duration runs from the moment both were connected. */
  async ended(consultationId: string, at: Date): Promise<CallSummary> {
    const doc = await this.update(consultationId, (draft) => {
      if (draft.endedAt) return;
      draft.events.push({ kind: 'ended', role: 'doctor', at: at.toISOString() });
      draft.endedAt = at.toISOString();
      if (draft.startedAt) draft.durationSeconds = Math.max(0, Math.round((at.getTime() - Date.parse(draft.startedAt)) / 1000));
    });
    return summaryOf(consultationId, doc);
  }

  private update(consultationId: string, change: (doc: CallDoc) => void): Promise<CallDoc> {
    const previous = this.chains.get(consultationId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.write(consultationId, change));
    this.chains.set(consultationId, next);
    void next.finally(() => {
      if (this.chains.get(consultationId) === next) this.chains.delete(consultationId);
    }).catch(() => undefined);
    return next;
  }

  private async write(consultationId: string, change: (doc: CallDoc) => void): Promise<CallDoc> {
    for (let attempt = 1; ; attempt++) {
      const doc = (await getOrNull<CallDoc>(this.db, consultationId)) ?? { _id: consultationId, consultationId, events: [] };
      change(doc);
      try {
        const result = await this.db.put(doc);
        return { ...doc, _rev: result.rev };
      } catch (error) {
        // Another instance wrote meanwhile: apply the change again on what is there now.
        if ((error as { status?: number }).status !== 409 || attempt >= 5) throw error;
      }
    }
  }
}

function bothPresent(events: readonly CallEvent[]): boolean {
  const present = new Map<CallRole, boolean>();
  for (const event of events) {
    if (event.kind === 'joined' || event.kind === 'reconnected') present.set(event.role, true);
    if (event.kind === 'left') present.set(event.role, false);
  }
  return present.get('patient') === true && present.get('doctor') === true;
}

function summaryOf(consultationId: string, doc: CallDoc | null): CallSummary {
  const summary: CallSummary = { consultationId, events: (doc?.events ?? []).map(({ kind, role, at }) => ({ kind, role, at })) };
  if (doc?.startedAt) summary.startedAt = doc.startedAt;
  if (doc?.endedAt) summary.endedAt = doc.endedAt;
  if (doc?.durationSeconds !== undefined) summary.durationSeconds = doc.durationSeconds;
  return summary;
}
