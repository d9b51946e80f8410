import { formatInZone, type Language } from '@oblako/domain';
import type { CallRefusalCode, JoinWindow } from './join-window';

/** Codes of the video module's API beyond the join rules. */
export type VideoErrorCode = CallRefusalCode | 'call_token_invalid' | 'not_found' | 'call_not_in_progress';

const MESSAGES: Record<VideoErrorCode, Record<Language, string>> = {
  call_role_not_allowed: { ru: 'К видеоконсультации подключаются только пациент и его врач.', en: 'Only the patient and their doctor can join the video consultation.' },
  call_not_your_consultation: { ru: 'Это не ваша консультация: подключиться к ней нельзя.', en: 'This is not your consultation: you cannot join it.' },
  call_not_scheduled: { ru: 'Время консультации ещё не назначено.', en: 'The consultation has not been scheduled yet.' },
  call_consultation_cancelled: { ru: 'Консультация отменена: видеосвязи не будет.', en: 'The consultation was cancelled: there will be no call.' },
  call_consultation_finished: { ru: 'Консультация уже завершена. Заключение появится в разделе «Документы».', en: 'The consultation has ended. The conclusion will appear in «Documents».' },
  call_too_early: { ru: 'Подключение ещё не открыто: оно откроется незадолго до начала консультации.', en: 'Joining is not open yet: it opens shortly before the consultation starts.' },
  call_too_late: { ru: 'Время подключения к этой консультации прошло.', en: 'The time to join this consultation has passed.' },
  call_token_invalid: { ru: 'Ссылка на звонок устарела. Подключитесь заново.', en: 'The call link has expired. Join again.' },
  call_not_in_progress: { ru: 'Консультация сейчас не идёт.', en: 'The consultation is not in progress.' },
  not_found: { ru: 'Консультация не найдена.', en: 'Consultation not found.' },
};

/**
 * The text a person reads for a refusal. With the window and the reader's zone, the times are
 * named («Подключиться можно с 09:45 …, Владивосток, UTC+10»).
 */
export function videoErrorMessage(code: VideoErrorCode, language: Language, window?: JoinWindow, zone?: string): string {
  if (window && zone && code === 'call_too_early') {
    return language === 'ru'
      ? `Подключиться можно с ${formatInZone(window.opensAt, zone, 'ru')}.`
      : `You can join from ${formatInZone(window.opensAt, zone, 'en')}.`;
  }
  if (window && zone && code === 'call_too_late') {
    return language === 'ru'
      ? `Подключиться можно было до ${formatInZone(window.closesAt, zone, 'ru')}.`
      : `Joining was possible until ${formatInZone(window.closesAt, zone, 'en')}.`;
  }
  return MESSAGES[code][language];
}
