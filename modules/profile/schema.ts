import type { CollectionSchema } from '@oblako/domain';

/** The patient's own profile: one document per patient, id `<patientId>:profile`. */
export interface PatientProfile {
  id: string;
  patientId: string;
  fullName: string;
  /** YYYY-MM-DD, or empty until the patient fills it in. */
  birthDate: string;
  region: string;
  /** IANA zone the patient lives in; every time they see is shown in it. */
  timeZone: string;
  /** E.164, or empty; may differ from the sign-in phone. */
  contactPhone: string;
  /** ISO time of the last edit, set by the device that edited. */
  updatedAt: string;
}

export const PROFILE_LOCAL_ID = 'profile';

export const profileSchema: CollectionSchema = {
  title: 'patient profile',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string', maxLength: 120 },
    patientId: { type: 'string', maxLength: 64 },
    fullName: { type: 'string', maxLength: 200 },
    birthDate: { type: 'string', pattern: '^(\\d{4}-\\d{2}-\\d{2})?$' },
    region: { type: 'string', maxLength: 200 },
    timeZone: { type: 'string', pattern: '^[A-Za-z_]+(/[A-Za-z_+-]+){1,2}$', maxLength: 64 },
    contactPhone: { type: 'string', pattern: '^(\\+[1-9]\\d{6,14})?$' },
    updatedAt: { type: 'string', format: 'date-time', maxLength: 40 },
  },
  required: ['id', 'patientId', 'fullName', 'birthDate', 'region', 'timeZone', 'contactPhone', 'updatedAt'],
};
