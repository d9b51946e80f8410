import type { Language } from '../errors';
import type { ConsultationCallEvent } from './call-events';
import { formatTimeInZone, zoneLabel } from './format';
import { instantMs } from './instant';

/** 1 раз, 2 раза, 5 раз, 21 раз… */
function timesRu(count: number): string {
  const tens = count % 100;
  const ones = count % 10;
  return ones >= 2 && ones <= 4 && (tens < 12 || tens > 14) ? 'раза' : 'раз';
}

/** «24 мин», «1 ч 05 мин», «меньше минуты». */
export function callDurationText(seconds: number, language: Language): string {
  if (seconds < 60) return language === 'ru' ? 'меньше минуты' : 'under a minute';
  const minutes = Math.round(seconds / 60);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (language === 'ru') return hours > 0 ? `${hours} ч ${String(rest).padStart(2, '0')} мин` : `${minutes} мин`;
  return hours > 0 ? `${hours} h ${String(rest).padStart(2, '0')} min` : `${minutes} min`;
}

/** What a call event says in the consultation's history (without its time). */
export function callEventLabel(event: ConsultationCallEvent, language: Language): string {
  const ru = language === 'ru';
  const who = event.role === 'patient' ? (ru ? 'Пациент' : 'The patient') : ru ? 'Врач' : 'The doctor';
  switch (event.kind) {
    case 'joined':
      return ru ? `${who} подключился к звонку` : `${who} joined the call`;
    case 'left':
      return ru ? `${who} отключился от звонка` : `${who} left the call`;
    case 'reconnected': {
      const count = event.count ?? 1;
      if (count <= 1) return ru ? 'Связь восстановлена' : 'The connection was restored';
      return ru ? `Связь восстанавливалась ${count} ${timesRu(count)}` : `The connection was restored ${count} times`;
    }
    case 'audio_only':
      return ru ? `Только звук: слабая связь (${event.role === 'patient' ? 'у пациента' : 'у врача'})` : `Audio only: weak link (${event.role === 'patient' ? 'patient' : 'doctor'})`;
    case 'ended':
      if (event.seconds === undefined) return ru ? 'Звонок завершён: пациент не подключился' : 'Call ended: the patient did not join';
      return ru ? `Звонок длился ${callDurationText(event.seconds, language)}` : `The call lasted ${callDurationText(event.seconds, language)}`;
  }
}

/** «Пациент подключился к звонку · 10:02 (Москва, UTC+3)» — the time in the reader's zone, named. */
export function callEventText(event: ConsultationCallEvent, zone: string, language: Language): string {
  return `${callEventLabel(event, language)} · ${formatTimeInZone(event.at, zone)} ${zoneLabel(zone, instantMs(event.at), language)}`;
}
