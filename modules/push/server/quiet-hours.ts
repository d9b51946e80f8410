import { wallTimeAt } from '@oblako/domain';

/** Non-urgent SMS wait for the morning in the recipient's zone: 22:00–08:00 is quiet. */
export const QUIET_FROM_HOUR = 22;
export const QUIET_UNTIL_HOUR = 8;

/**
 * The earliest moment at or after `at` outside quiet hours in `timeZone` (Russia has no DST, but
 * the offset is read from the zone data for that instant anyway).
 */
export function afterQuietHours(at: Date, timeZone: string): Date {
  const wall = wallTimeAt(at.getTime(), timeZone);
  if (wall.hour >= QUIET_UNTIL_HOUR && wall.hour < QUIET_FROM_HOUR) return at;
  // Minutes until 08:00 local: from 22:xx the next day's, from 0x:xx today's.
  const minutesNow = wall.hour * 60 + wall.minute;
  const target = QUIET_UNTIL_HOUR * 60;
  const minutesToWait = minutesNow >= target ? 24 * 60 - minutesNow + target : target - minutesNow;
  const next = new Date(at.getTime() + minutesToWait * 60_000 - wall.second * 1000 - at.getUTCMilliseconds());
  return next;
}
