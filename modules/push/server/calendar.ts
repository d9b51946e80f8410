import ical from 'ical-generator';
import { offsetMinutesAt, wallTimeAt, type Consultation, type Language } from '@oblako/domain';

const YEAR_MS = 365 * 24 * 3600_000;

/**
 * The VTIMEZONE of a zone without daylight saving (all of Russia since 2014): one STANDARD
 * block with the fixed offset. Zones whose offset changes over the year get no TZID (the
 * event is written in UTC instead: right instant, the calendar app shows its own zone).
 */
export function fixedOffsetZone(zone: string, at: number): string | null {
  const offset = offsetMinutesAt(at, zone);
  if (offsetMinutesAt(at + YEAR_MS / 2, zone) !== offset || offsetMinutesAt(at - YEAR_MS / 2, zone) !== offset) return null;
  const sign = offset < 0 ? '-' : '+';
  const absolute = Math.abs(offset);
  const hhmm = `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}${String(absolute % 60).padStart(2, '0')}`;
  return ['BEGIN:VTIMEZONE', `TZID:${zone}`, 'BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${hhmm}`, `TZOFFSETTO:${hhmm}`, 'END:STANDARD', 'END:VTIMEZONE'].join('\r\n');
}

/**
 * ical-generator writes a Date's UTC fields as the wall time of the event's zone, so the
 * wall time in the zone goes in as those fields.
 */
function wallAsUtcFields(iso: string, zone: string): Date {
  const wall = wallTimeAt(Date.parse(iso), zone);
  return new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second));
}

const TEXT: Record<Language, { summary: string; description: string }> = {
  ru: { summary: 'Видеоконсультация врача («Облако здоровья»)', description: 'Откройте приложение «Облако здоровья» за несколько минут до начала: раздел «Консультации».' },
  en: { summary: 'Video consultation (Oblako)', description: 'Open the Oblako app a few minutes before the start: «Консультации».' },
};

/**
 * One consultation as an iCalendar file. The UID is the consultation's, and SEQUENCE grows with
 * every change of it, so importing the file again after a move updates the event instead of
 * adding a second one. No specialty, diagnosis or reason in it: calendars get synced to many places.
 */
export function consultationCalendar(consultation: Consultation, zone: string, language: Language, appUrl?: string): string {
  const slot = consultation.slot!;
  const calendar = ical({ prodId: { company: 'Oblako', product: 'consultations', language: language.toUpperCase() } });
  const vtimezone = fixedOffsetZone(zone, Date.parse(slot.start));
  if (vtimezone) calendar.timezone({ name: null, generator: () => vtimezone });
  calendar.createEvent({
    id: `${consultation.id}@oblako`,
    sequence: consultation.history?.length ?? 0,
    stamp: new Date(),
    ...(vtimezone
      ? { start: wallAsUtcFields(slot.start, zone), end: wallAsUtcFields(slot.end, zone), timezone: zone }
      : { start: new Date(slot.start), end: new Date(slot.end) }),
    summary: TEXT[language].summary,
    description: TEXT[language].description,
    ...(appUrl ? { url: `${appUrl.replace(/\/$/, '')}/consultations` } : {}),
  });
  return calendar.toString();
}
