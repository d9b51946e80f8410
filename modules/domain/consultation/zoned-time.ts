/**
 * Wall-clock time in an IANA zone, computed with Intl only (no date library, no table of
 * offsets): the engine's time-zone data knows every zone and every past and future rule, so the
 * same code is right for Russia (no DST since 2014) and for a zone with DST.
 */

/** A local calendar date and time of day, as a clock on the wall in some zone shows it. */
export interface WallTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** A calendar date without a zone. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether this is an IANA zone name the engine knows (`Asia/Vladivostok`, `UTC`). */
export function isValidTimeZone(zone: unknown): zone is string {
  // Engines also accept any casing and resolve aliases differently (Kolkata/Calcutta), so the
  // check is "the engine accepts it" plus the shape IANA names have, not a comparison of names.
  if (typeof zone !== 'string' || !/^[A-Z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(zone) || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timeZone` at the instant `utcMs`. */
export function wallTimeAt(utcMs: number, timeZone: string): WallTime {
  const values: Record<string, number> = {};
  let bc = false;
  for (const part of partsFormatter(timeZone).formatToParts(new Date(utcMs))) {
    if (part.type === 'era') bc = part.value.startsWith('B');
    else if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  const year = bc ? 1 - (values['year'] ?? 0) : (values['year'] ?? 0);
  return {
    year,
    month: values['month'] ?? 1,
    day: values['day'] ?? 1,
    // Some engines write midnight as 24 even with h23.
    hour: (values['hour'] ?? 0) % 24,
    minute: values['minute'] ?? 0,
    second: values['second'] ?? 0,
  };
}

/** The zone's offset from UTC in minutes at the instant `utcMs` (+600 for Vladivostok). */
export function offsetMinutesAt(utcMs: number, timeZone: string): number {
  const wall = wallTimeAt(utcMs, timeZone);
  const asIfUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const flooredToSecond = Math.floor(utcMs / 1000) * 1000;
  return Math.round((asIfUtc - flooredToSecond) / MINUTE_MS);
}

/**
 * The instant a wall clock in `timeZone` shows `wall`. A time that happens twice (clocks turned
 * back) gives the earlier instant; a time that never happens (clocks turned forward) gives the
 * instant as if the old offset still applied, i.e. the first valid moment after the gap —
 * the `compatible` rule of Temporal and of RFC 5545.
 */
export function utcOfWallTime(wall: WallTime, timeZone: string): number {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const offsetBefore = offsetMinutesAt(naive - DAY_MS, timeZone);
  const offsetAfter = offsetMinutesAt(naive + DAY_MS, timeZone);
  const candidates = [...new Set([naive - offsetBefore * MINUTE_MS, naive - offsetAfter * MINUTE_MS])]
    .filter((instant) => instant + offsetMinutesAt(instant, timeZone) * MINUTE_MS === naive)
    .sort((a, b) => a - b);
  return candidates[0] ?? naive - offsetBefore * MINUTE_MS;
}

/** The local date in `timeZone` at the instant `utcMs`. */
export function civilDateAt(utcMs: number, timeZone: string): CivilDate {
  const { year, month, day } = wallTimeAt(utcMs, timeZone);
  return { year, month, day };
}

/** The date `days` after (or before) `date`. */
/** Midnight UTC of a civil date. Date.UTC alone maps the years 0–99 to 1900–1999. */
function utcMidnight(date: CivilDate): number {
  const midnight = new Date(Date.UTC(2000, date.month - 1, date.day));
  midnight.setUTCFullYear(date.year);
  return midnight.getTime();
}

export function addDays(date: CivilDate, days: number): CivilDate {
  const shifted = new Date(utcMidnight(date) + days * DAY_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: CivilDate): number {
  const day = new Date(utcMidnight(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

export function formatCivilDate(date: CivilDate): string {
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** `YYYY-MM-DD` → date, or null when it is not a real calendar date. */
export function parseCivilDate(text: unknown): CivilDate | null {
  if (typeof text !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return formatCivilDate(addDays(date, 0)) === text ? date : null;
}

/** The instant a local day starts (its first valid moment) and the instant the next one starts. */
export function dayRangeInZone(date: CivilDate, timeZone: string): { startMs: number; endMs: number } {
  const midnight = { hour: 0, minute: 0, second: 0 };
  return {
    startMs: utcOfWallTime({ ...date, ...midnight }, timeZone),
    endMs: utcOfWallTime({ ...addDays(date, 1), ...midnight }, timeZone),
  };
}
