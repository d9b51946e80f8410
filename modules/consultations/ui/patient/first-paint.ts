import type { Consultation, PatientReadiness, TransitionName } from '@oblako/domain';

/** The key of the patient's «Консультации» among the first-paint copies (@oblako/shell-kit). */
export const PATIENT_PAGE_COPY = 'consultations.patient';

/**
 * What the patient's «Консультации» last showed: drawn at the next start while RxDB loads, so
 * the page's content (its largest paint) does not wait for the data layer. Replaced by the live
 * queries as soon as they answer.
 */
export interface PatientPageCopy {
  consultations: Consultation[];
  readiness: PatientReadiness;
  /** The actions each card offered (by consultation id): the cards keep their size when the live state arrives. */
  allowed: Record<string, TransitionName[]>;
}

/** A copy saved by this version of the page (an older or damaged one is not drawn). */
export function isPatientPageCopy(value: unknown): value is PatientPageCopy {
  if (typeof value !== 'object' || value === null) return false;
  const copy = value as Partial<PatientPageCopy>;
  const readiness = copy.readiness as Partial<PatientReadiness> | undefined;
  return (
    Array.isArray(copy.consultations) &&
    copy.consultations.every((c: Partial<Consultation>) => typeof c?.id === 'string' && typeof c.status === 'string' && typeof c.specialty === 'string' && typeof c.createdAt === 'string' && typeof c.updatedAt === 'string') &&
    typeof readiness === 'object' && readiness !== null && typeof readiness.ready === 'boolean' &&
    Array.isArray(readiness.pending) && typeof readiness.counts === 'object' && readiness.counts !== null &&
    typeof copy.allowed === 'object' && copy.allowed !== null &&
    Object.values(copy.allowed).every((names) => Array.isArray(names) && names.every((name) => typeof name === 'string'))
  );
}
