import { RUSSIAN_TIME_ZONES, WEEKDAYS, isRussianTimeZone, type FieldIssue, type Weekday, type WorkingInterval } from '@oblako/domain';
import { DOCTOR_SETTINGS_LOCAL_ID, type DoctorSettings } from '../../schema';

/** The calendar as the page edits it: every weekday present, times as the inputs hold them. */
export interface SettingsDraft {
  timeZone: string;
  slotMinutes: number;
  week: Record<Weekday, WorkingInterval[]>;
  daysOff: string[];
  specialties: string[];
}

export const SLOT_CHOICES: readonly number[] = [15, 20, 30, 45, 60];
export const WORKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const DEFAULT_HOURS: WorkingInterval = { start: '09:00', end: '18:00' };
export const DEFAULT_ZONE = 'Europe/Moscow';

export function settingsId(doctorId: string): string {
  return `${doctorId}:${DOCTOR_SETTINGS_LOCAL_ID}`;
}

/** A new doctor: this browser's zone when it is a Russian one, Mon–Fri 09:00–18:00, 30 minutes. */
export function defaultDraft(browserZone: string): SettingsDraft {
  const week = Object.fromEntries(WEEKDAYS.map((day) => [day, WORKDAYS.includes(day) ? [{ ...DEFAULT_HOURS }] : []])) as Record<Weekday, WorkingInterval[]>;
  return { timeZone: isRussianTimeZone(browserZone) ? browserZone : DEFAULT_ZONE, slotMinutes: 30, week, daysOff: [], specialties: [] };
}

export function draftOf(settings: DoctorSettings): SettingsDraft {
  const week = Object.fromEntries(WEEKDAYS.map((day) => [day, (settings.week[day] ?? []).map((interval) => ({ ...interval }))])) as Record<
    Weekday,
    WorkingInterval[]
  >;
  return {
    timeZone: settings.timeZone,
    slotMinutes: settings.slotMinutes,
    week,
    daysOff: [...(settings.daysOff ?? [])],
    specialties: [...settings.specialties],
  };
}

const byStart = (a: WorkingInterval, b: WorkingInterval) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0);

/** The document to store: intervals in order of start (the rule wants them ordered), dates sorted. */
export function settingsOf(draft: SettingsDraft, doctorId: string, now: Date): DoctorSettings {
  const week = Object.fromEntries(WEEKDAYS.map((day) => [day, [...draft.week[day]].map((i) => ({ start: i.start, end: i.end })).sort(byStart)]));
  return {
    id: settingsId(doctorId),
    doctorId,
    timeZone: draft.timeZone,
    slotMinutes: draft.slotMinutes,
    week,
    daysOff: [...new Set(draft.daysOff)].sort(),
    specialties: [...draft.specialties],
    updatedAt: now.toISOString(),
  };
}

/** `<input type="time">` has no 24:00: an end of 00:00 means midnight at the end of the day. */
export function endFromInput(value: string): string {
  return value === '00:00' ? '24:00' : value;
}

export function endForInput(value: string): string {
  return value === '24:00' ? '00:00' : value;
}

/** The zones the select offers: Russia's eleven, plus a stored other one so it is not lost. */
export function zoneChoices(current: string): string[] {
  const ids = RUSSIAN_TIME_ZONES.map((zone) => zone.id);
  return ids.includes(current) || current === '' ? ids : [...ids, current];
}

/** Translation key and parameters of one problem, for the field it is about. */
export function issueMessage(issue: FieldIssue): { key: string; day?: Weekday } {
  if (issue.field.startsWith('week.')) {
    const day = issue.field.slice('week.'.length) as Weekday;
    return { key: `consultations.settings.error.${issue.code}`, day };
  }
  if (issue.field === 'timeZone' || issue.field === 'slotMinutes' || issue.field === 'daysOff') {
    return { key: `consultations.settings.error.${issue.field}.${issue.code}` };
  }
  return { key: 'consultations.settings.error.other' };
}
