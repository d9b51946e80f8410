import { START_EARLY_MINUTES, formatInZone, type Consultation, type Language } from '@oblako/domain';

/** The video module's default join window after the slot (VIDEO_JOIN_AFTER_MINUTES). */
const CALL_OPEN_AFTER_MINUTES = 30;

/** The way into the call as the card shows it: open, open but offline, or when it opens. */
export interface VideoJoin {
  state: 'open' | 'soon' | 'offline';
  /** When the way in opens, in the patient's zone, named. */
  opensText: string;
}

/**
 * The video consultation (modules/video): from START_EARLY_MINUTES before the slot until
 * CALL_OPEN_AFTER_MINUTES after it, while scheduled or in progress; before that, when it opens.
 * The server's join rules decide; this only shows the way in.
 */
export function videoJoinOf(consultation: Consultation, now: number, online: boolean, zone: string, language: Language): VideoJoin | null {
  if ((consultation.status !== 'scheduled' && consultation.status !== 'in_progress') || !consultation.slot) return null;
  const opens = Date.parse(consultation.slot.start) - START_EARLY_MINUTES * 60_000;
  const closes = Date.parse(consultation.slot.end) + CALL_OPEN_AFTER_MINUTES * 60_000;
  if (now > closes) return null;
  const opensText = formatInZone(new Date(opens).toISOString(), zone, language);
  if (now < opens) return { state: 'soon', opensText };
  return { state: online ? 'open' : 'offline', opensText };
}
