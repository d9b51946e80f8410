import type { Language } from '../errors';
import { formatSlotInZone } from './format';
import type { Notice, NoticeKind } from './notices';
import type { ConsultationErrorCode, ConsultationStatus, TransitionName } from './types';

/**
 * Texts both sides need: the server for refusals, notifications and SMS; the PWA for the same
 * refusals before saving and for notices of conflicts resolved on the device. Times are always
 * in the reader's zone and name it.
 */

export const CONSULTATION_ERROR_MESSAGES: Readonly<Record<ConsultationErrorCode, Record<Language, string>>> = {
  invalid_value: { ru: 'Проверьте введённые данные.', en: 'Please check the data you entered.' },
  immutable_field: { ru: 'Это поле консультации изменить нельзя.', en: 'This field of the consultation cannot be changed.' },
  field_not_allowed: { ru: 'Это действие не может менять это поле консультации.', en: 'This action cannot change this field of the consultation.' },
  delete_not_allowed: { ru: 'Консультацию нельзя удалить. Её можно отменить.', en: 'A consultation cannot be deleted. It can be cancelled.' },
  status_mismatch: { ru: 'Состояние консультации не соответствует выполненным действиям.', en: 'The state of the consultation does not match the actions taken.' },
  no_transition: { ru: 'Изменение консультации должно быть действием (назначить, перенести, отменить…).', en: 'A change of a consultation must be an action (schedule, reschedule, cancel…).' },
  history_rewritten: { ru: 'История консультации не может быть изменена, только дополнена.', en: 'The history of a consultation can only be added to, never changed.' },
  history_actor_mismatch: { ru: 'Действие можно записать только от своего имени.', en: 'An action can only be recorded in your own name.' },
  history_time_invalid: { ru: 'Время действия в будущем. Проверьте часы на устройстве.', en: 'The time of the action is in the future. Check the clock of your device.' },
  unknown_transition: { ru: 'Неизвестное действие с консультацией. Обновите приложение.', en: 'Unknown consultation action. Please update the app.' },
  invalid_transition: { ru: 'Это действие невозможно в текущем состоянии консультации.', en: 'This action is not possible in the current state of the consultation.' },
  role_not_allowed: { ru: 'Это действие вам недоступно.', en: 'You cannot perform this action.' },
  not_your_consultation: { ru: 'Это не ваша консультация.', en: 'This is not your consultation.' },
  already_taken: { ru: 'Этого пациента уже взял другой врач.', en: 'Another doctor has already taken this patient.' },
  not_your_specialty: { ru: 'Эта консультация не по вашей специальности. Передать её вам может менеджер.', en: 'This consultation is not in your specialty. A manager can assign it to you.' },
  patient_not_ready: { ru: 'У пациента ещё нет всех документов: нужны заключение лечащего врача и хотя бы один результат обследования.', en: "The patient's documents are not complete yet: the attending doctor's conclusion and at least one examination result are needed." },
  documents_still_complete: { ru: 'Все нужные документы на месте.', en: 'All required documents are in place.' },
  context_missing: { ru: 'Не удалось проверить действие. Повторите позже.', en: 'The action could not be checked. Try again later.' },
  reason_required: { ru: 'Укажите причину.', en: 'Please give a reason.' },
  comment_required: { ru: 'Напишите, что нужно пациенту сделать.', en: 'Please write what the patient needs to do.' },
  too_early: { ru: 'Время консультации ещё не наступило.', en: 'The consultation time has not come yet.' },
  too_late: { ru: 'Время консультации уже наступило.', en: 'The consultation time has already come.' },
  slot_unchanged: { ru: 'Выберите другое время: консультация уже назначена на это.', en: 'Choose another time: the consultation is already at this one.' },
  same_doctor: { ru: 'Консультация уже у этого врача.', en: 'The consultation is already with this doctor.' },
  not_a_doctor: { ru: 'Выберите врача из списка.', en: 'Choose a doctor from the list.' },
  conclusion_required: { ru: 'Сначала оформите заключение.', en: 'Please write the conclusion first.' },
  invalid_slot: { ru: 'Выберите время из свободных окон.', en: 'Choose a time from the free slots.' },
  in_past: { ru: 'Это время уже прошло. Выберите время в будущем.', en: 'This time has passed. Choose a time in the future.' },
  outside_working_hours: { ru: 'Это время вне рабочих часов врача.', en: "This time is outside the doctor's working hours." },
  not_slot_aligned: { ru: 'Консультация должна начинаться в начале окна расписания. Выберите время из свободных окон.', en: 'A consultation must start at the beginning of a slot. Choose a time from the free slots.' },
  overlaps_booking: { ru: 'Это время уже занято другой консультацией.', en: 'This time is already taken by another consultation.' },
};

export function consultationErrorMessage(code: ConsultationErrorCode, language: Language = 'ru'): string {
  return CONSULTATION_ERROR_MESSAGES[code][language];
}

export const CONSULTATION_STATUS_LABELS: Readonly<Record<ConsultationStatus, Record<Language, string>>> = {
  awaiting_documents: { ru: 'Ожидает документы', en: 'Awaiting documents' },
  ready: { ru: 'Документы готовы', en: 'Documents ready' },
  taken: { ru: 'Документы у врача', en: 'With the doctor' },
  documents_requested: { ru: 'Запрошены документы', en: 'Documents requested' },
  scheduled: { ru: 'Назначена', en: 'Scheduled' },
  in_progress: { ru: 'Идёт', en: 'In progress' },
  held: { ru: 'Проведена', en: 'Held' },
  done: { ru: 'Завершена', en: 'Completed' },
  cancelled: { ru: 'Отменена', en: 'Cancelled' },
};

/** Names of the actions (buttons, and «ваше действие … не применено»). */
export const TRANSITION_LABELS: Readonly<Record<TransitionName, Record<Language, string>>> = {
  open: { ru: 'Открыть консультацию', en: 'Open a consultation' },
  documents_ready: { ru: 'Документы готовы', en: 'Documents ready' },
  documents_withdrawn: { ru: 'Документы отозваны', en: 'Documents withdrawn' },
  take: { ru: 'Взять пациента', en: 'Take the patient' },
  request_documents: { ru: 'Запросить документы', en: 'Request documents' },
  documents_provided: { ru: 'Документы загружены', en: 'Documents provided' },
  schedule: { ru: 'Назначить время', en: 'Schedule' },
  reschedule: { ru: 'Перенести', en: 'Reschedule' },
  request_other_time: { ru: 'Попросить другое время', en: 'Ask for another time' },
  cancel_by_patient: { ru: 'Отменить консультацию', en: 'Cancel the consultation' },
  cancel_by_doctor: { ru: 'Отменить консультацию', en: 'Cancel the consultation' },
  cancel_by_manager: { ru: 'Отменить консультацию', en: 'Cancel the consultation' },
  start: { ru: 'Начать консультацию', en: 'Start the consultation' },
  complete: { ru: 'Консультация проведена', en: 'Mark as held' },
  issue_conclusion: { ru: 'Выдать заключение', en: 'Issue the conclusion' },
  reassign: { ru: 'Передать другому врачу', en: 'Reassign to another doctor' },
  release_slot: { ru: 'Освободить время', en: 'Release the time' },
};

/** A step of the history as the event it was («Врач взял пациента»), not as the command that made it. */
export const HISTORY_EVENT_LABELS: Readonly<Record<TransitionName, Record<Language, string>>> = {
  open: { ru: 'Пациент записался на консультацию', en: 'The patient asked for a consultation' },
  documents_ready: { ru: 'Документы готовы к консультации', en: 'The documents are ready' },
  documents_withdrawn: { ru: 'Документов стало недостаточно', en: 'The documents are no longer enough' },
  take: { ru: 'Врач взял пациента', en: 'A doctor took the patient' },
  request_documents: { ru: 'Врач запросил документы', en: 'The doctor asked for documents' },
  documents_provided: { ru: 'Пациент загрузил документы', en: 'The patient provided the documents' },
  schedule: { ru: 'Время назначено', en: 'The time was set' },
  reschedule: { ru: 'Время перенесено', en: 'The time was moved' },
  request_other_time: { ru: 'Пациент попросил другое время', en: 'The patient asked for another time' },
  cancel_by_patient: { ru: 'Пациент отменил консультацию', en: 'The patient cancelled' },
  cancel_by_doctor: { ru: 'Врач отменил консультацию', en: 'The doctor cancelled' },
  cancel_by_manager: { ru: 'Менеджер отменил консультацию', en: 'A manager cancelled' },
  start: { ru: 'Консультация началась', en: 'The consultation started' },
  complete: { ru: 'Консультация завершена', en: 'The consultation was held' },
  issue_conclusion: { ru: 'Заключение выдано', en: 'The conclusion was issued' },
  reassign: { ru: 'Пациент передан другому врачу', en: 'The patient was passed to another doctor' },
  release_slot: { ru: 'Время освобождено', en: 'The time was released' },
};

export interface NoticeTextOptions {
  language: Language;
  /** The reader's IANA zone: every time is shown in it, with its name. */
  timeZone: string;
}

type Parts = { slot: string; previous: string; text: string; action: string };

/** Each kind's sentence; empty parts are left out by the caller-facing wrapper. */
const NOTICE_TEXTS: Readonly<Record<NoticeKind, Record<Language, (parts: Parts) => string>>> = {
  documents_requested: {
    ru: (p) => `Врач просит загрузить дополнительные документы${p.text ? `: ${p.text}` : '.'}`,
    en: (p) => `The doctor asks for more documents${p.text ? `: ${p.text}` : '.'}`,
  },
  documents_provided: {
    ru: () => 'Пациент загрузил запрошенные документы.',
    en: () => 'The patient has uploaded the requested documents.',
  },
  scheduled: {
    ru: (p) => `Консультация назначена на ${p.slot}.`,
    en: (p) => `Your consultation is scheduled for ${p.slot}.`,
  },
  rescheduled: {
    ru: (p) => `Консультация перенесена${p.previous ? ` с ${p.previous}` : ''} на ${p.slot}.${p.text ? ` Причина: ${p.text}` : ''}`,
    en: (p) => `Your consultation has been moved${p.previous ? ` from ${p.previous}` : ''} to ${p.slot}.${p.text ? ` Reason: ${p.text}` : ''}`,
  },
  other_time_requested: {
    ru: (p) => `Пациент просит другое время вместо ${p.slot}.${p.text ? ` Пожелание: ${p.text}` : ''}`,
    en: (p) => `The patient asks for another time instead of ${p.slot}.${p.text ? ` Note: ${p.text}` : ''}`,
  },
  cancelled_by_patient: {
    ru: (p) => `Пациент отменил консультацию${p.slot ? ` ${p.slot}` : ''}.${p.text ? ` Причина: ${p.text}` : ''}`,
    en: (p) => `The patient cancelled the consultation${p.slot ? ` of ${p.slot}` : ''}.${p.text ? ` Reason: ${p.text}` : ''}`,
  },
  cancelled_by_doctor: {
    ru: (p) => `Врач отменил консультацию${p.slot ? ` ${p.slot}` : ''}.${p.text ? ` Причина: ${p.text}` : ''}`,
    en: (p) => `The doctor cancelled the consultation${p.slot ? ` of ${p.slot}` : ''}.${p.text ? ` Reason: ${p.text}` : ''}`,
  },
  cancelled_by_manager: {
    ru: (p) => `Консультация${p.slot ? ` ${p.slot}` : ''} отменена менеджером.${p.text ? ` Причина: ${p.text}` : ''}`,
    en: (p) => `The consultation${p.slot ? ` of ${p.slot}` : ''} was cancelled by a manager.${p.text ? ` Reason: ${p.text}` : ''}`,
  },
  call_started: {
    ru: () => 'Врач начал консультацию. Откройте раздел «Консультации», чтобы подключиться.',
    en: () => 'The doctor has started the consultation. Open «Консультации» to join.',
  },
  conclusion_issued: {
    ru: () => 'Заключение врача готово. Оно в разделе «Консультации» и среди ваших документов.',
    en: () => "The doctor's conclusion is ready. It is in «Консультации» and among your documents.",
  },
  doctor_changed: {
    ru: (p) => `Консультацию проведёт другой врач.${p.slot ? ` Время ${p.slot} отменено, новое время назначит врач.` : ''}`,
    en: (p) => `Another doctor will hold your consultation.${p.slot ? ` The time ${p.slot} is cancelled; the doctor will set a new one.` : ''}`,
  },
  assigned: {
    ru: () => 'Вам передан пациент.',
    en: () => 'A patient has been assigned to you.',
  },
  unassigned: {
    ru: () => 'Пациент передан другому врачу.',
    en: () => 'A patient has been reassigned to another doctor.',
  },
  slot_released: {
    ru: (p) => `Время консультации${p.slot ? ` ${p.slot}` : ''} отменено. Врач назначит новое время.${p.text ? ` Причина: ${p.text}` : ''}`,
    en: (p) => `The consultation time${p.slot ? ` ${p.slot}` : ''} is cancelled. The doctor will set a new time.${p.text ? ` Reason: ${p.text}` : ''}`,
  },
  patient_waiting: {
    ru: (p) => `Пациент ждёт в комнате ожидания видеоконсультации${p.slot ? ` ${p.slot}` : ''}. Откройте консультацию и нажмите «Начать консультацию».`,
    en: (p) => `The patient is waiting in the video consultation's waiting room${p.slot ? ` (${p.slot})` : ''}. Open the consultation and press «Начать консультацию».`,
  },
  taken_by_another_doctor: {
    ru: () => 'Этого пациента уже взял другой врач. Ваши действия с ним не применены.',
    en: () => 'Another doctor took this patient first. Your actions for this patient were not applied.',
  },
  cancelled_before_your_change: {
    ru: (p) => `Консультация уже отменена${p.text ? ` (причина: ${p.text})` : ''}. Ваше действие «${p.action}» не применено.${p.slot ? ` Выбранное время не забронировано: ${p.slot}.` : ''}`,
    en: (p) => `The consultation had already been cancelled${p.text ? ` (reason: ${p.text})` : ''}. Your action "${p.action}" was not applied.${p.slot ? ` The time you chose was not booked: ${p.slot}.` : ''}`,
  },
  cancel_applied_over_reschedule: {
    ru: (p) => `Врач перенёс консультацию на ${p.slot}, но ваша отмена применена: консультация отменена.`,
    en: (p) => `The doctor had moved the consultation to ${p.slot}, but your cancellation stands: the consultation is cancelled.`,
  },
  change_not_applied: {
    ru: (p) => `Ваше действие «${p.action}» не применено: консультация уже изменилась. Проверьте её текущее состояние.${p.slot ? ` Выбранное время не забронировано: ${p.slot}.` : ''}`,
    en: (p) => `Your action "${p.action}" was not applied: the consultation had already changed. Please check its current state.${p.slot ? ` The time you chose was not booked: ${p.slot}.` : ''}`,
  },
  slot_conflict: {
    ru: (p) => `Время ${p.slot} уже занято другой консультацией. Выберите для пациента другое время.`,
    en: (p) => `The time ${p.slot} is already taken by another consultation. Choose another time for the patient.`,
  },
};

/** The notice as one sentence in the reader's language, every time in their zone with its name. */
export function noticeText(notice: Notice, options: NoticeTextOptions): string {
  const { language, timeZone } = options;
  const parts: Parts = {
    slot: notice.slot ? formatSlotInZone(notice.slot, timeZone, language) : '',
    previous: notice.previousSlot ? formatSlotInZone(notice.previousSlot, timeZone, language) : '',
    text: notice.text?.trim() ?? '',
    action: notice.transition ? TRANSITION_LABELS[notice.transition][language] : '',
  };
  return NOTICE_TEXTS[notice.kind][language](parts);
}
