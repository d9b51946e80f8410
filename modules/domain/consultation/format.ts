import type { Language } from '../errors';
import { RUSSIAN_TIME_ZONES } from '../time-zones';
import { instantMs, type Instant } from './instant';
import type { Slot } from './types';
import { offsetMinutesAt, wallTimeAt, type WallTime } from './zoned-time';

/**
 * Times as people read them, always naming the zone (DOMAIN.md: every message that carries a
 * time names it): «12 декабря 2026, 10:30 (Владивосток, UTC+10)». Month names are our own
 * (not the engine's), so the server's SMS and the PWA print exactly the same text.
 */

const MONTHS: Record<Language, readonly string[]> = {
  // Genitive: «12 декабря».
  ru: ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/**
 * Russian IANA zones beyond the eleven of RUSSIAN_TIME_ZONES (whose names come from there):
 * a patient's profile may carry any of them (Asia/Tomsk, Europe/Volgograd, …).
 */
const MORE_RUSSIAN_ZONE_NAMES: Readonly<Record<string, { ru: string; en: string }>> = {
  'Europe/Kirov': { ru: 'Киров', en: 'Kirov' },
  'Europe/Volgograd': { ru: 'Волгоград', en: 'Volgograd' },
  'Europe/Astrakhan': { ru: 'Астрахань', en: 'Astrakhan' },
  'Europe/Saratov': { ru: 'Саратов', en: 'Saratov' },
  'Europe/Ulyanovsk': { ru: 'Ульяновск', en: 'Ulyanovsk' },
  'Europe/Simferopol': { ru: 'Симферополь', en: 'Simferopol' },
  'Asia/Novosibirsk': { ru: 'Новосибирск', en: 'Novosibirsk' },
  'Asia/Barnaul': { ru: 'Барнаул', en: 'Barnaul' },
  'Asia/Tomsk': { ru: 'Томск', en: 'Tomsk' },
  'Asia/Novokuznetsk': { ru: 'Новокузнецк', en: 'Novokuznetsk' },
  'Asia/Chita': { ru: 'Чита', en: 'Chita' },
  'Asia/Khandyga': { ru: 'Хандыга', en: 'Khandyga' },
  'Asia/Ust-Nera': { ru: 'Усть-Нера', en: 'Ust-Nera' },
  'Asia/Sakhalin': { ru: 'Сахалин', en: 'Sakhalin' },
  'Asia/Srednekolymsk': { ru: 'Среднеколымск', en: 'Srednekolymsk' },
  'Asia/Anadyr': { ru: 'Анадырь', en: 'Anadyr' },
};

const UTC_NAMES: ReadonlySet<string> = new Set(['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Etc/Universal', 'Etc/Zulu']);

/** «Владивосток» / «Vladivostok»; outside Russia the city of the IANA name («New York»). */
export function timeZoneName(zone: string, language: Language = 'ru'): string {
  const main = RUSSIAN_TIME_ZONES.find((candidate) => candidate.id === zone);
  if (main) return main[language].replace(/\s*\(.*\)$/, '');
  const more = MORE_RUSSIAN_ZONE_NAMES[zone];
  if (more) return more[language];
  if (UTC_NAMES.has(zone)) return 'UTC';
  const city = zone.slice(zone.lastIndexOf('/') + 1);
  return city.replace(/_/g, ' ');
}

/** `UTC+10`, `UTC+5:30`, `UTC−3` (true minus sign, as the zone labels use), `UTC+0`. */
export function utcOffsetLabel(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '−' : '+';
  const absolute = Math.abs(offsetMinutes);
  const hours = Math.floor(absolute / 60);
  const minutes = absolute % 60;
  return `UTC${sign}${hours}${minutes === 0 ? '' : `:${String(minutes).padStart(2, '0')}`}`;
}

/** «(Владивосток, UTC+10)» for the offset in force at that instant. */
export function zoneLabel(zone: string, atMs: number, language: Language = 'ru'): string {
  const name = timeZoneName(zone, language);
  if (name === 'UTC') return '(UTC)';
  return `(${name}, ${utcOffsetLabel(offsetMinutesAt(atMs, zone))})`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function dateText(wall: WallTime, language: Language): string {
  return `${wall.day} ${MONTHS[language][wall.month - 1]} ${wall.year}`;
}

function timeText(wall: WallTime): string {
  return `${pad(wall.hour)}:${pad(wall.minute)}`;
}

function checkedMs(value: Instant): number {
  const ms = instantMs(value);
  if (Number.isNaN(ms)) throw new RangeError(`Not an instant: ${String(value)}`);
  return ms;
}

/** «12 декабря 2026» — the local date, no zone (for headings of a day that already name it). */
export function formatDateInZone(utc: Instant, zone: string, language: Language = 'ru'): string {
  return dateText(wallTimeAt(checkedMs(utc), zone), language);
}

/** «10:30» — the local time of day, no zone (for lists under a heading that names it). */
export function formatTimeInZone(utc: Instant, zone: string): string {
  return timeText(wallTimeAt(checkedMs(utc), zone));
}

/**
 * «12 декабря 2026, 10:30 (Владивосток, UTC+10)» / «12 December 2026, 10:30 (Vladivostok, UTC+10)».
 * Throws RangeError for something that is not an instant or a zone.
 */
export function formatInZone(utc: Instant, zone: string, language: Language = 'ru'): string {
  const ms = checkedMs(utc);
  const wall = wallTimeAt(ms, zone);
  return `${dateText(wall, language)}, ${timeText(wall)} ${zoneLabel(zone, ms, language)}`;
}

/**
 * «12 декабря 2026, 10:30–11:00 (Владивосток, UTC+10)»; a slot that crosses midnight names
 * both dates: «12 декабря 2026, 23:30 – 13 декабря 2026, 00:00 (…)».
 */
export function formatSlotInZone(slot: Slot, zone: string, language: Language = 'ru'): string {
  const startMs = checkedMs(slot.start);
  const start = wallTimeAt(startMs, zone);
  const end = wallTimeAt(checkedMs(slot.end), zone);
  const sameDay = start.year === end.year && start.month === end.month && start.day === end.day;
  const range = sameDay
    ? `${dateText(start, language)}, ${timeText(start)}–${timeText(end)}`
    : `${dateText(start, language)}, ${timeText(start)} – ${dateText(end, language)}, ${timeText(end)}`;
  return `${range} ${zoneLabel(zone, startMs, language)}`;
}
