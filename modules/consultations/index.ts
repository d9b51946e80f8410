import {
  consultationSchema,
  noticeText,
  resolveConsultationConflict,
  validateConsultationShape,
  type CollectionDefinition,
  type Consultation,
  type ModuleDefinition,
} from '@oblako/domain';
import { consultationsTranslations } from './i18n';
import {
  CONSULTATIONS_COLLECTION,
  DOCTOR_SETTINGS_COLLECTION,
  DOCTOR_SETTINGS_LOCAL_ID,
  doctorSettingsSchema,
  NOTIFICATIONS_COLLECTION,
  notificationSchema,
} from './schema';
import { checkDoctorSettingsChange, checkNotificationChange, validateDoctorSettings } from './rules';

export * from './schema';
export * from './api';
export * from './specialties';
export { checkDoctorSettingsChange, checkNotificationChange, validateDoctorSettings } from './rules';
export { consultationsTranslations } from './i18n';

/**
 * `consultations`: one document per consultation in the patient's partition. Written by the
 * patient, the doctor who took it (access follows the take: the server assigns the doctor to the
 * patient) and managers; every write must be exactly the steps of the state machine
 * (@oblako/domain consultation/), which the server checks with the context it loads (readiness,
 * the doctor's calendar and bookings) before anything is stored — see server/write-guard.ts.
 */
export const CONSULTATIONS_COLLECTION_DEFINITION: CollectionDefinition = {
  name: CONSULTATIONS_COLLECTION,
  schema: consultationSchema,
  partitionField: 'patientId',
  // Managers work online through the paged stages list and its actions (reassign, cancel: api.ts),
  // so a manager's device holds no patient's consultations (modules/admin/README.md).
  access: {
    read: { patient: 'own', doctor: 'assigned' },
    write: { patient: 'own', doctor: 'assigned' },
  },
  immutableFields: ['patientId', 'specialty', 'referralId', 'createdAt'],
  // The shape only: the steps and the state are the write guard's (classifyWrite), with precise codes.
  validate: (doc) => validateConsultationShape(doc),
  // 1: `callEvents` added (optional); older documents need no change.
  migrations: { 1: (doc) => doc },
  // Concurrent offline edits: the domain's deterministic rules (take, cancel vs reschedule,
  // replay); what this device's person must hear (`local` notices) is shown with the sync notices.
  resolveConflict: ({ base, local, remote, timeZone }) => {
    const outcome = resolveConsultationConflict(base as unknown as Consultation | undefined, local as unknown as Consultation, remote as unknown as Consultation);
    const notices = outcome.notices
      .filter((notice) => notice.delivery === 'local')
      .map((notice) => ({ text: { ru: noticeText(notice, { language: 'ru', timeZone }), en: noticeText(notice, { language: 'en', timeZone }) } }));
    return { merged: outcome.merged as unknown as Record<string, unknown>, notices };
  },
};

/** `notifications`: written by the server; the recipient may only mark one read. */
export const NOTIFICATIONS_COLLECTION_DEFINITION: CollectionDefinition = {
  name: NOTIFICATIONS_COLLECTION,
  schema: notificationSchema,
  partitionField: 'recipientId',
  access: {
    read: { patient: 'own', doctor: 'own', manager: 'own' },
    write: { patient: 'own', doctor: 'own', manager: 'own' },
  },
  checkChange: checkNotificationChange,
  migrations: { 1: (doc) => doc, 2: (doc) => doc },
};

/** `doctor_settings`: the doctor's calendar and specialties; managers see them through the doctors' list (api.ts). */
export const DOCTOR_SETTINGS_COLLECTION_DEFINITION: CollectionDefinition = {
  name: DOCTOR_SETTINGS_COLLECTION,
  schema: doctorSettingsSchema,
  partitionField: 'doctorId',
  singletonId: DOCTOR_SETTINGS_LOCAL_ID,
  access: {
    read: { doctor: 'own' },
    write: { doctor: 'own' },
  },
  immutableFields: ['doctorId'],
  validate: (doc) => validateDoctorSettings(doc),
  checkChange: checkDoctorSettingsChange,
};

/**
 * Consultations: the doctors' queue «Новые пациенты», taking a patient, scheduling in the
 * doctor's calendar, the patient's «Консультации» and «Уведомления», cancellations, the
 * manager's overview of stages, and the consultant's conclusion as a PDF in the patient's documents.
 */
export const consultationsModule: ModuleDefinition = {
  id: 'consultations',
  collections: [CONSULTATIONS_COLLECTION_DEFINITION, NOTIFICATIONS_COLLECTION_DEFINITION, DOCTOR_SETTINGS_COLLECTION_DEFINITION],
  ui: {
    path: 'consultations',
    roles: ['patient', 'doctor', 'manager'],
    loadRoutes: () => import('./ui/routes').then((m) => m.CONSULTATIONS_ROUTES),
    loadBackground: () => import('./ui/shared/background').then((m) => m.startConsultationsBackground),
  },
  nav: [
    { path: '/consultations/queue', labelKey: 'consultations.nav.queue', icon: 'person_add', roles: ['doctor'], order: 1 },
    { path: '/consultations/day', labelKey: 'consultations.nav.day', icon: 'today', roles: ['doctor'], order: 2 },
    { path: '/consultations/stages', labelKey: 'consultations.nav.stages', shortLabelKey: 'consultations.nav.stagesShort', icon: 'monitoring', roles: ['manager'], order: 1 },
    { path: '/consultations', labelKey: 'consultations.nav.mine', icon: 'event', roles: ['patient'], order: 30 },
    {
      path: '/consultations/notifications',
      labelKey: 'consultations.nav.notifications',
      icon: 'notifications',
      roles: ['patient', 'doctor', 'manager'],
      order: 40,
      badge: 'consultations.unread',
    },
    { path: '/consultations/settings', labelKey: 'consultations.nav.settings', icon: 'calendar_month', roles: ['doctor'], order: 50 },
  ],
  serverPlugin: new URL('./server/plugin.ts', import.meta.url),
  i18n: consultationsTranslations,
};
