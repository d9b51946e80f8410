import type { Translations } from '@oblako/domain';
import { commonEn, commonRu } from './i18n/common';
import { doctorEn, doctorRu } from './i18n/doctor';
import { managerEn, managerRu } from './i18n/manager';
import { patientEn, patientRu } from './i18n/patient';

/**
 * UI strings of the consultations module, one file per audience. Messages of the state
 * machine (errors, statuses, actions, notification texts) come from @oblako/domain (messages.ts).
 */
export const consultationsTranslations: Translations = {
  ru: { ...commonRu, ...patientRu, ...doctorRu, ...managerRu },
  en: { ...commonEn, ...patientEn, ...doctorEn, ...managerEn },
};
