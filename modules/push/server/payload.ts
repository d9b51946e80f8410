import { formatSlotInZone, formatTimeInZone, zoneLabel, type Language, type Slot } from '@oblako/domain';

/** What a push says, in the recipient device's language and the recipient's zone. */
export interface PushMessage {
  kind: string;
  role: 'patient' | 'doctor' | 'manager';
  consultationId: string;
  notificationId?: string;
  slot?: Slot;
  /** Delivery id: the notification's tag, so a message delivered twice shows once. */
  tag: string;
}

type Texts = Record<Language, (slot: string, time: string) => string>;

/**
 * Lock-screen texts. Deliberately without the reason a person wrote, the specialty, a diagnosis
 * or a document's name: anyone holding the phone reads these. The cabinet («Уведомления»)
 * has the whole story once the app is open.
 */
const TEXTS: Record<string, Texts> = {
  scheduled: { ru: (s) => `Консультация назначена на ${s}.`, en: (s) => `Your consultation is scheduled for ${s}.` },
  rescheduled: { ru: (s) => `Консультация перенесена на ${s}.`, en: (s) => `Your consultation has been moved to ${s}.` },
  cancelled_by_patient: { ru: (s) => `Пациент отменил консультацию${s ? ` ${s}` : ''}.`, en: (s) => `The patient cancelled the consultation${s ? ` of ${s}` : ''}.` },
  cancelled_by_doctor: { ru: (s) => `Консультация${s ? ` ${s}` : ''} отменена.`, en: (s) => `The consultation${s ? ` of ${s}` : ''} is cancelled.` },
  cancelled_by_manager: { ru: (s) => `Консультация${s ? ` ${s}` : ''} отменена.`, en: (s) => `The consultation${s ? ` of ${s}` : ''} is cancelled.` },
  documents_requested: { ru: () => 'Врач просит загрузить документы.', en: () => 'The doctor asks you to upload documents.' },
  documents_provided: { ru: () => 'Пациент загрузил документы.', en: () => 'The patient has uploaded documents.' },
  conclusion_issued: { ru: () => 'Заключение врача готово.', en: () => "The doctor's conclusion is ready." },
  call_started: { ru: () => 'Врач ждёт вас — подключиться.', en: () => 'The doctor is waiting for you — join.' },
  patient_waiting: { ru: () => 'Пациент ожидает подключения.', en: () => 'A patient is waiting for you.' },
  other_time_requested: { ru: () => 'Пациент просит другое время консультации.', en: () => 'A patient asks for another time.' },
  assigned: { ru: () => 'Вам передан пациент.', en: () => 'A patient has been assigned to you.' },
  reminder_24h: { ru: (s) => `Напоминание: консультация ${s}.`, en: (s) => `Reminder: your consultation is on ${s}.` },
  reminder_1h: { ru: (_s, t) => `Через час консультация, в ${t}.`, en: (_s, t) => `Your consultation starts in an hour, at ${t}.` },
  reminder_start: { ru: () => 'Врач ждёт вас — подключиться.', en: () => 'The doctor is waiting for you — join.' },
};
const DOCTOR_TEXTS: Record<string, Texts> = {
  reminder_1h: { ru: (_s, t) => `Через час консультация, в ${t}.`, en: (_s, t) => `A consultation starts in an hour, at ${t}.` },
  reminder_start: { ru: (_s, t) => `Консультация начинается (${t}).`, en: (_s, t) => `A consultation starts now (${t}).` },
};
/** Any kind this module does not know (a new module's notice) still reaches the person. */
const GENERIC: Texts = { ru: () => 'Новое уведомление.', en: () => 'You have a new notification.' };
const TITLE: Record<Language, string> = { ru: 'Облако здоровья', en: 'Oblako' };

/** Where a tap leads: the consultation on the recipient's own page for it; ?notice= marks it read. */
export function consultationUrl(message: Pick<PushMessage, 'role' | 'consultationId' | 'notificationId'>): string {
  const notice = message.notificationId ? `notice=${encodeURIComponent(message.notificationId)}` : '';
  if (message.role === 'patient') return `/consultations?c=${encodeURIComponent(message.consultationId)}${notice ? `&${notice}` : ''}`;
  return `/consultations/c/${encodeURIComponent(message.consultationId)}${notice ? `?${notice}` : ''}`;
}

export function pushText(message: PushMessage, language: Language, timeZone: string): string {
  const texts = (message.role !== 'patient' ? DOCTOR_TEXTS[message.kind] : undefined) ?? TEXTS[message.kind] ?? GENERIC;
  const slot = message.slot ? formatSlotInZone(message.slot, timeZone, language) : '';
  const time = message.slot ? `${formatTimeInZone(message.slot.start, timeZone)} ${zoneLabel(timeZone, Date.parse(message.slot.start), language)}` : '';
  return texts[language](slot, time);
}

/**
 * The JSON the Angular service worker shows (ngsw `handlePush`: `notification` with the
 * Notification options) and acts on when tapped (`data.onActionClick.default`: focus an open
 * window of the app and navigate it, or open one).
 */
export function ngswPayload(message: PushMessage, language: Language, timeZone: string): string {
  const url = consultationUrl(message);
  return JSON.stringify({
    notification: {
      title: TITLE[language],
      body: pushText(message, language, timeZone),
      icon: '/icons/icon-192.png',
      badge: '/icons/favicon-32.png',
      lang: language,
      tag: message.tag,
      timestamp: Date.now(),
      data: {
        kind: message.kind,
        consultationId: message.consultationId,
        ...(message.notificationId ? { notificationId: message.notificationId } : {}),
        onActionClick: { default: { operation: 'navigateLastFocusedOrOpen', url } },
      },
    },
  });
}
