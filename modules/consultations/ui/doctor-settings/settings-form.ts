import { RUSSIAN_TIME_ZONES, WEEKDAYS, isRussianTimeZone, type FieldIssue, type Weekday, type WorkingInterval } from '@oblako/domain';
import { DOCTOR_SETTINGS_LOCAL_ID, type DoctorSettings } from '../../schema';

/**
 * An interval as the page edits it, with a key of its own: its row on screen stays the same
 * element while the doctor types, adds or removes other rows, and when the stored calendar
 * is shown again (a row found by its position would be torn down and redrawn under the cursor).
 */
export interface DraftInterval extends WorkingInterval {
  key: number;
}

let lastKey = 0;
export function newIntervalKey(): number {
  return ++lastKey;
}

/** The calendar as the page edits it: every weekday present, times as the inputs hold them. */
export interface SettingsDraft {
  timeZone: string;
  slotMinutes: number;
  week: Record<Weekday, DraftInterval[]>;
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
  const week = Object.fromEntries(
    WEEKDAYS.map((day) => [day, WORKDAYS.includes(day) ? [{ ...DEFAULT_HOURS, key: newIntervalKey() }] : []]),
  ) as Record<Weekday, DraftInterval[]>;
  return { timeZone: isRussianTimeZone(browserZone) ? browserZone : DEFAULT_ZONE, slotMinutes: 30, week, daysOff: [], specialties: [] };
}

/**
 * The stored calendar as a draft. The rows on screen keep their keys (same day, same place),
 * so showing a stored version redraws no field that is already there.
 */
export function draftOf(settings: DoctorSettings, shown?: SettingsDraft): SettingsDraft {
  const week = Object.fromEntries(
    WEEKDAYS.map((day) => [
      day,
      (settings.week[day] ?? []).map((interval, index) => ({ start: interval.start, end: interval.end, key: shown?.week[day][index]?.key ?? newIntervalKey() })),
    ]),
  ) as Record<Weekday, DraftInterval[]>;
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

/**
 * An end typed or picked as 00:00 is midnight at the end of the day, 24:00 (what a doctor who
 * works until midnight means; an interval cannot end at its own day's start). The end field
 * shows 24:00 and offers it after 23:55.
 */
export function endFromInput(value: string): string {
  return value === '00:00' ? '24:00' : value;
}

/** A time field left empty or with text that is no time: kept as text, so the rules name the day. */
export function timeFromPicker(value: string | null): string {
  return value ?? '';
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
