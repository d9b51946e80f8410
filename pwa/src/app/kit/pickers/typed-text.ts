/**
 * What a person types into a date or time field, read the way it is written in Russia:
 * «05.12.2026» is the 5th of December (the browser's Date.parse reads it as the 12th of May),
 * «9:00», «09.00» and «0900» are nine o'clock. The values are the ones the forms store:
 * 'YYYY-MM-DD' and 'HH:mm'. `null`: nothing typed; `INVALID`: something that is not a date/time.
 */
export const INVALID = 'invalid';

const pad = (value: number) => String(value).padStart(2, '0');

export function civilDateOf(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const probe = new Date(Date.UTC(2000, month - 1, day));
  probe.setUTCFullYear(year);
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}


/**
 * Day first, always: «дд.мм.гггг» (also with «/», «-» or spaces, and «ддммгггг» from a phone's
 * digit keypad); the stored ISO form 'гггг-мм-дд' is understood too. A two-digit year is refused:
 * «05.12.26» could be 1926 for a birth date.
 */
export function parseTypedDate(text: string): string | null {
  const value = text.trim();
  if (value === '') return null;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (iso) return civilDateOf(Number(iso[1]), Number(iso[2]), Number(iso[3])) ?? INVALID;
  const dayFirst = /^(\d{1,2})\s*[./\-\s]\s*(\d{1,2})\s*[./\-\s]\s*(\d{4})\s*(?:г\.?)?$/.exec(value) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(value);
  if (dayFirst) return civilDateOf(Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1])) ?? INVALID;
  return INVALID;
}

/** Minutes since midnight of 'HH:mm' (24:00 is the end of the day), or null. */
export function minutesOfTime(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return null;
  return hours * 60 + minutes;
}

export function timeOfMinutes(total: number): string {
  return `${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
}

/**
 * 24-hour time: «9:00», «09:00», «9.00», «0900», «9» (whole hour). «24:00» is the end of a
 * working day that lasts until midnight. AM/PM is not a Russian way of writing time: refused.
 */
export function parseTypedTime(text: string): string | null {
  const value = text.trim();
  if (value === '') return null;
  const match = /^(\d{1,2})(?:\s*[:.,\s]\s*(\d{2}))?$/.exec(value) ?? /^(\d{2})(\d{2})$/.exec(value);
  if (!match) return INVALID;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? 0);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return INVALID;
  return timeOfMinutes(hours * 60 + minutes);
}

/** The device's calendar day as stored (in Vladivostok «today» begins seven hours before Moscow's). */
export function deviceToday(now = new Date()): string {
  return civilDateOf(now.getFullYear(), now.getMonth() + 1, now.getDate()) as string;
}
