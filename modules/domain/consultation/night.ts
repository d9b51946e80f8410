import type { Slot } from './types';
import { wallTimeAt } from './zoned-time';

/**
 * The patient's night: from 22:00 to 07:00 on their own clock. A doctor in Moscow offering
 * 19:00 offers 02:00 to a patient in Kamchatka; such a slot is marked and needs the doctor's
 * confirmation that it was agreed (issue: no night-time consultations by surprise).
 */
export const NIGHT_STARTS_AT_HOUR = 22;
export const NIGHT_ENDS_AT_HOUR = 7;

function isNightHour(hour: number): boolean {
  return hour >= NIGHT_STARTS_AT_HOUR || hour < NIGHT_ENDS_AT_HOUR;
}

/**
 * Whether any part of the slot falls in the patient's night (22:00–07:00 in `patientZone`).
 * Checked at both ends (the end is exclusive): 21:30–22:15 touches the night, 06:30–07:00 too,
 * 07:00–07:30 and 21:30–22:00 do not. Slots are far shorter than the 15-hour day between nights,
 * so the two ends decide.
 */
export function isNightForPatient(slot: Slot, patientZone: string): boolean {
  const start = Date.parse(slot.start);
  const lastMinute = Date.parse(slot.end) - 60_000;
  return isNightHour(wallTimeAt(start, patientZone).hour) || isNightHour(wallTimeAt(Math.max(start, lastMinute), patientZone).hour);
}
