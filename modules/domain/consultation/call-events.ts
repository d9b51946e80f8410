import { isIsoTime } from './instant';
import type { ActorRole, ConsultationIssue } from './types';

/**
 * The video call's part of a consultation's history («Пациент подключился к звонку», «Связь
 * восстановлена», «Звонок длился 24 мин»). Only the server writes these (as `system`: it sees the
 * signalling connections), appended, never changed; a device that adds or edits one is refused
 * like a step written in another's name. Kept apart from `history` because they are not steps of
 * the state machine: replaying, conflict rules and the status ignore them.
 */
export const CALL_EVENT_KINDS = ['joined', 'left', 'reconnected', 'audio_only', 'ended'] as const;
export type ConsultationCallEventKind = (typeof CALL_EVENT_KINDS)[number];
export const CALL_EVENT_ROLES = ['patient', 'doctor'] as const;

export interface ConsultationCallEvent {
  kind: ConsultationCallEventKind;
  /** Whose connection it is about (`ended`: the doctor, who ends the call). */
  role: (typeof CALL_EVENT_ROLES)[number];
  at: string;
  /** `reconnected`: how many times the link came back during the call (one entry, not one per flap). */
  count?: number;
  /** `ended`: the call's length, from the moment both were connected (absent: the patient never came). */
  seconds?: number;
}

/** Enough for a long call with a few departures; the server stops appending at the cap. */
export const MAX_CALL_EVENTS = 60;
const MAX_COUNT = 10_000;
const MAX_SECONDS = 24 * 3600;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown, max: number): boolean {
  return value === undefined || (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= max);
}

/** The shape of `callEvents` (absent is fine). */
export function callEventsIssue(value: unknown): ConsultationIssue | null {
  if (value === undefined) return null;
  const bad = { code: 'invalid_value', field: 'callEvents' } as const;
  if (!Array.isArray(value) || value.length > MAX_CALL_EVENTS) return bad;
  for (const entry of value) {
    if (!isRecord(entry) || Object.keys(entry).some((key) => !['kind', 'role', 'at', 'count', 'seconds'].includes(key) && entry[key] !== undefined)) return bad;
    if (!(CALL_EVENT_KINDS as readonly unknown[]).includes(entry['kind']) || !(CALL_EVENT_ROLES as readonly unknown[]).includes(entry['role'])) return bad;
    if (!isIsoTime(entry['at']) || !isCount(entry['count'], MAX_COUNT) || !isCount(entry['seconds'], MAX_SECONDS)) return bad;
  }
  return null;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Whether a write may change `callEvents` this way: only the server (`system`), only by
 * appending to what is stored. Null when the write leaves them alone or is such an append.
 */
export function callEventsChangeIssue(
  before: readonly ConsultationCallEvent[] | undefined,
  after: readonly ConsultationCallEvent[] | undefined,
  writerRole: ActorRole,
): ConsultationIssue | null {
  const known = before ?? [];
  const next = after ?? [];
  if (same(known, next)) return null;
  if (writerRole !== 'system') return { code: 'history_actor_mismatch', field: 'callEvents' };
  if (next.length < known.length || !known.every((entry, index) => same(entry, next[index]))) return { code: 'history_rewritten', field: 'callEvents' };
  return null;
}

/**
 * Whether a write carries fewer of the stored events than there are, unchanged: a device copy
 * from before the server's latest append (not a forgery). The server answers it as a conflict.
 */
export function callEventsBehind(before: readonly ConsultationCallEvent[] | undefined, after: readonly ConsultationCallEvent[] | undefined): boolean {
  const known = before ?? [];
  const sent = after ?? [];
  return sent.length < known.length && sent.every((entry, index) => same(entry, known[index]));
}

/** The events as they will be stored after an append by the server; what does not fit the cap is left out. */
export function appendCallEvents(before: readonly ConsultationCallEvent[] | undefined, events: readonly ConsultationCallEvent[]): ConsultationCallEvent[] {
  const known = [...(before ?? [])];
  return [...known, ...events.slice(0, Math.max(0, MAX_CALL_EVENTS - known.length))];
}
