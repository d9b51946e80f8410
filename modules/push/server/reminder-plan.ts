import type { Consultation } from '@oblako/domain';
import type { ReminderKind } from '../api';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A reminder due for one person: its id is fixed by consultation, time, kind and person. */
export interface PlannedReminder {
  id: string;
  kind: ReminderKind;
  accountId: string;
  role: 'patient' | 'doctor';
  consultationId: string;
  patientId: string;
  slot: { start: string; end: string };
  dueAt: string;
  /** After this the reminder says something untrue («через час» after the start): not sent. */
  expiresAt: string;
}

/**
 * When each reminder is due and until when it still makes sense. The 24 h one is useful until
 * the 1 h one takes over; «через час» until the start; «врач ждёт вас» while the slot lasts
 * (at most 15 minutes: after that the patient is better served by the cabinet).
 */
const WINDOWS: Record<ReminderKind, { before: number; until: (start: number, end: number) => number }> = {
  reminder_24h: { before: 24 * HOUR, until: (start) => start - HOUR },
  reminder_1h: { before: HOUR, until: (start) => start },
  reminder_start: { before: 0, until: (start, end) => Math.min(end, start + 15 * MINUTE) },
};
const FOR_ROLE: Record<'patient' | 'doctor', readonly ReminderKind[]> = {
  patient: ['reminder_24h', 'reminder_1h', 'reminder_start'],
  doctor: ['reminder_1h', 'reminder_start'],
};

/** Reminder ids of a consultation start with this (all times, kinds and people). */
export function reminderPrefix(consultationId: string): string {
  return `reminder:${consultationId}:`;
}

export function reminderId(consultationId: string, startMs: number, kind: ReminderKind, accountId: string): string {
  return `${reminderPrefix(consultationId)}${startMs}:${kind}:${accountId}`;
}

/**
 * The reminders a consultation should have now: none unless it is scheduled. The time is in
 * the id, so moving the consultation plans new reminders and the old ones are cancelled;
 * `plannedAt` leaves out those already past when planned (booked 30 minutes ahead: no 24 h or
 * 1 h reminder right after the «назначена» message).
 */
export function planReminders(consultation: Consultation, plannedAt: Date): PlannedReminder[] {
  if (consultation.status !== 'scheduled' || !consultation.slot) return [];
  const start = Date.parse(consultation.slot.start);
  const end = Date.parse(consultation.slot.end);
  if (!Number.isFinite(start) || !Number.isFinite(end)) return [];
  const people: { accountId: string; role: 'patient' | 'doctor' }[] = [{ accountId: consultation.patientId, role: 'patient' }];
  if (consultation.doctorId) people.push({ accountId: consultation.doctorId, role: 'doctor' });
  const planned: PlannedReminder[] = [];
  for (const person of people) {
    for (const kind of FOR_ROLE[person.role]) {
      const due = start - WINDOWS[kind].before;
      const until = WINDOWS[kind].until(start, end);
      if (until <= plannedAt.getTime() || (due < plannedAt.getTime() && kind !== 'reminder_start')) continue;
      planned.push({
        id: reminderId(consultation.id, start, kind, person.accountId),
        kind,
        accountId: person.accountId,
        role: person.role,
        consultationId: consultation.id,
        patientId: consultation.patientId,
        slot: { start: consultation.slot.start, end: consultation.slot.end },
        dueAt: new Date(due).toISOString(),
        expiresAt: new Date(until).toISOString(),
      });
    }
  }
  return planned;
}
