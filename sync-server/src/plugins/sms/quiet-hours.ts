import { wallTimeAt } from '@oblako/domain';

/** Non-urgent SMS wait for the morning in the recipient's zone: 22:00–08:00 is quiet. */
export const QUIET_FROM_HOUR = 22;
export const QUIET_UNTIL_HOUR = 8;
/**
 * News about a consultation that starts before this long after the quiet hours end is not held:
 * a patient woken at 23:00 by «консультация перенесена на 08:30» is better off than one who
 * reads it at 08:00 and misses the call.
 */
export const URGENT_BEFORE_MORNING_MS = 2 * 3600_000;

/** What the queue needs to keep an SMS out of the night: the person's zone and the starts it speaks of. */
export interface QuietHours {
  timeZone: string;
  /** Starts of the consultation(s) the message is about (a move: the new and the old one). */
  startsAt?: readonly string[];
}

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
  return new Date(at.getTime() + minutesToWait * 60_000 - wall.second * 1000 - at.getUTCMilliseconds());
}

/**
 * When an SMS may go out: now in daytime; at night at 08:00 in the person's zone, unless a
 * consultation it speaks of starts before 10:00 that morning (or earlier, still ahead): then now.
 */
export function smsNotBefore(at: Date, quiet: QuietHours): Date {
  const morning = afterQuietHours(at, quiet.timeZone);
  if (morning.getTime() === at.getTime()) return at;
  const urgentUntil = morning.getTime() + URGENT_BEFORE_MORNING_MS;
  const startsSoon = (quiet.startsAt ?? []).some((start) => {
    const ms = Date.parse(start);
    return Number.isFinite(ms) && ms >= at.getTime() && ms < urgentUntil;
  });
  return startsSoon ? at : morning;
}
