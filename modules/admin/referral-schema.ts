import type { CollectionSchema } from '@oblako/domain';

/**
 * A referral of a patient by a regional doctor, imported from the manager's table. Written only
 * by the server (the import); read by the patient, the doctors assigned to them and staff.
 * Id: `<patientId>:referral-<idempotency key>`, so importing the same row again finds it.
 */
export interface Referral {
  id: string;
  patientId: string;
  /** Диагноз / заболевание as written in the table. */
  diagnosis: string;
  /** МКБ-10 code (`C50.9`) or ''. */
  icd10: string;
  /** Направившая медицинская организация. */
  referringOrganization: string;
  /** Лечащий врач (the regional attending doctor, free text). */
  attendingDoctor: string;
  /** Профиль консультации (the specialty asked for), or ''. */
  consultationProfile: string;
  /** Where it came from: file, sheet, row — for the manager's questions later. */
  source: { fileName: string; sheet: string; rowNumber: number };
  importId: string;
  /** Account id of the manager who imported it. */
  importedBy: string;
  importedAt: string;
}

export const REFERRALS_COLLECTION = 'referrals';
export const REFERRAL_LOCAL_PREFIX = 'referral-';

const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;

export const referralSchema: CollectionSchema = {
  title: 'referral',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string', maxLength: 120 },
    patientId: { type: 'string', maxLength: 64 },
    diagnosis: text(500),
    icd10: { type: 'string', pattern: '^([A-Z]\\d{2}(\\.\\d{1,2})?)?$', maxLength: 8 },
    referringOrganization: text(300),
    attendingDoctor: text(200),
    consultationProfile: text(200),
    source: {
      type: 'object',
      additionalProperties: false,
      properties: { fileName: text(255), sheet: text(100), rowNumber: { type: 'integer', minimum: 1 } },
      required: ['fileName', 'sheet', 'rowNumber'],
    },
    importId: text(64),
    importedBy: text(64),
    importedAt: { type: 'string', format: 'date-time', maxLength: 40 },
  },
  required: [
    'id', 'patientId', 'diagnosis', 'icd10', 'referringOrganization', 'attendingDoctor',
    'consultationProfile', 'source', 'importId', 'importedBy', 'importedAt',
  ],
};
