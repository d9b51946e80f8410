import {
  MAX_SLOT_MINUTES,
  MIN_SLOT_MINUTES,
  NOTICE_KINDS,
  TRANSITION_NAMES,
  WEEKDAYS,
  type CollectionSchema,
  type DoctorCalendar,
  type Notice,
} from '@oblako/domain';

/** Collection names (also the replication paths /sync/<name>/). */
export const CONSULTATIONS_COLLECTION = 'consultations';
export const NOTIFICATIONS_COLLECTION = 'notifications';
export const DOCTOR_SETTINGS_COLLECTION = 'doctor_settings';

/** The local part of a doctor's one settings document: id `<doctorId>:settings`. */
export const DOCTOR_SETTINGS_LOCAL_ID = 'settings';
/** The local part prefix of a notification: id `<recipientId>:notice-<uuid>`. */
export const NOTIFICATION_LOCAL_PREFIX = 'notice-';
/** The local part prefix of a consultation: `<patientId>:consultation-<uuid or referral key>`. */
export const CONSULTATION_LOCAL_PREFIX = 'consultation-';

const isoTime = { type: 'string', format: 'date-time', maxLength: 40 } as const;
const userId = { type: 'string', maxLength: 64 } as const;
const slotSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { start: isoTime, end: isoTime },
  required: ['start', 'end'],
} as const;

/**
 * A notification in the cabinet («Уведомления»): one per recipient per notice, written by the
 * server when it accepts a consultation change. The recipient may only set `readAt`. The text
 * is rendered on the device (noticeText) in the reader's language and zone, so a notification
 * written in Moscow shows Vladivostok time to a patient there.
 */
export interface ConsultationNotification
  extends Pick<Notice, 'kind' | 'consultationId' | 'patientId' | 'transition' | 'slot' | 'previousSlot' | 'text'> {
  id: string;
  recipientId: string;
  /** The consultation's specialty and doctor, so the notification reads well offline. */
  specialty?: string;
  doctorName?: string;
  /** For staff recipients: whom the notification is about (a doctor's device may not hold the profile). */
  patientName?: string;
  createdAt: string;
  readAt?: string;
}

export const notificationSchema: CollectionSchema = {
  title: 'notification',
  // 1: the notice kind `patient_waiting` (video module); 2: `patientName` for staff. Older documents are unchanged.
  version: 2,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string', maxLength: 120 },
    recipientId: userId,
    kind: { type: 'string', enum: [...NOTICE_KINDS], maxLength: 40 },
    consultationId: { type: 'string', maxLength: 170 },
    patientId: userId,
    transition: { type: 'string', enum: [...TRANSITION_NAMES], maxLength: 40 },
    slot: slotSchema,
    previousSlot: slotSchema,
    text: { type: 'string', maxLength: 2000 },
    specialty: { type: 'string', maxLength: 200 },
    doctorName: { type: 'string', maxLength: 200 },
    patientName: { type: 'string', maxLength: 200 },
    createdAt: isoTime,
    readAt: isoTime,
  },
  required: ['id', 'recipientId', 'kind', 'consultationId', 'patientId', 'createdAt'],
  indexes: ['createdAt'],
};

/**
 * A doctor's own settings: the calendar (zone, working hours, slot length, days off) and the
 * consultation profiles they take patients for («Новые пациенты» is filtered by them).
 * Written by the doctor; read by the doctor and managers.
 */
export interface DoctorSettings extends DoctorCalendar {
  id: string;
  doctorId: string;
  /** Specialty codes (specialties.ts) or free text; empty: the doctor sees every patient. */
  specialties: string[];
  updatedAt: string;
}

const hhmm = { type: 'string', pattern: '^([01]\\d|2[0-4]):[0-5]\\d$', maxLength: 5 } as const;
const intervals = {
  type: 'array',
  maxItems: 8,
  items: { type: 'object', additionalProperties: false, properties: { start: hhmm, end: hhmm }, required: ['start', 'end'] },
} as const;

export const doctorSettingsSchema: CollectionSchema = {
  title: 'doctor settings',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string', maxLength: 80 },
    doctorId: userId,
    timeZone: { type: 'string', maxLength: 64 },
    slotMinutes: { type: 'integer', minimum: MIN_SLOT_MINUTES, maximum: MAX_SLOT_MINUTES },
    week: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(WEEKDAYS.map((day) => [day, intervals])),
    },
    daysOff: { type: 'array', maxItems: 366, items: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 } },
    specialties: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 200 } },
    updatedAt: isoTime,
  },
  required: ['id', 'doctorId', 'timeZone', 'slotMinutes', 'week', 'specialties', 'updatedAt'],
};
