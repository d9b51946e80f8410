/**
 * The seed's rule for who can get a consultation: «лицам, имеющим заключение лечащего врача и
 * результаты обследования». A patient is ready when their documents include the attending
 * doctor's conclusion and at least one examination result. The patient's checklist («Что нужно
 * загрузить»), the doctors' queue and the server's check all use this one function.
 *
 * Document types are the `type` values of modules/documents (schema.ts DOCUMENT_TYPES); the
 * domain package names them here as plain strings so it does not depend on a feature module
 * (readiness.test.ts checks that the lists agree).
 */

/** The attending doctor's conclusion (заключение лечащего врача). */
export const ATTENDING_CONCLUSION_TYPE = 'conclusion';

/**
 * Examination results. `other` counts: DOMAIN.md lists it among the examination results, and the
 * seed names them «выписки, заключения, УЗИ, МРТ, КТ и другие подтверждающие диагноз» — «and
 * others confirming the diagnosis»; refusing a patient whose only result is, say, an
 * endoscopy report filed as «другое» would contradict the seed. The attending doctor's
 * conclusion never doubles as an examination result: the rule asks for both.
 */
export const EXAMINATION_TYPES = ['discharge', 'ultrasound', 'mri', 'ct', 'lab', 'ecg', 'other'] as const;

export type ReadinessRequirement = 'conclusion' | 'examination';
export const READINESS_REQUIREMENTS: readonly ReadinessRequirement[] = ['conclusion', 'examination'];

/** What readiness needs to know of a medical document (a MedicalDocument fits). */
export interface ReadinessDocument {
  type: string;
  files: readonly { fileId: string }[];
}

export interface ReadinessOptions {
  /**
   * Files the server has verified (`document_files` records with status `uploaded`). When given,
   * a document counts only once at least one of its files is verified — a doctor cannot review
   * a file that has not arrived, or was rejected. Without it every declared document counts
   * (the patient's own device, before the upload finished, may use that for a preview).
   */
  uploadedFileIds?: ReadonlySet<string>;
}

export interface PatientReadiness {
  ready: boolean;
  /** Requirements not met yet, in checklist order. */
  missing: ReadinessRequirement[];
  /**
   * Missing requirements for which a document exists whose files are not verified (still
   * uploading, or rejected): the checklist says «загружается» instead of «загрузите».
   */
  pending: ReadinessRequirement[];
  /** Documents that count, per requirement. */
  counts: Record<ReadinessRequirement, number>;
}

export function requirementOf(type: string): ReadinessRequirement | null {
  if (type === ATTENDING_CONCLUSION_TYPE) return 'conclusion';
  return (EXAMINATION_TYPES as readonly string[]).includes(type) ? 'examination' : null;
}

/** Whether the patient's documents meet the seed's rule, and what is still missing. */
export function patientReadiness(documents: readonly ReadinessDocument[], options: ReadinessOptions = {}): PatientReadiness {
  const counts: Record<ReadinessRequirement, number> = { conclusion: 0, examination: 0 };
  const declared = new Set<ReadinessRequirement>();
  for (const document of documents) {
    const requirement = requirementOf(document.type);
    if (!requirement || document.files.length === 0) continue;
    declared.add(requirement);
    const uploaded = options.uploadedFileIds;
    if (!uploaded || document.files.some((file) => uploaded.has(file.fileId))) counts[requirement] += 1;
  }
  const missing = READINESS_REQUIREMENTS.filter((requirement) => counts[requirement] === 0);
  return {
    ready: missing.length === 0,
    missing,
    pending: missing.filter((requirement) => declared.has(requirement)),
    counts,
  };
}
