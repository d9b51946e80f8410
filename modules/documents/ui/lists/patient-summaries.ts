import { isServerDocumentType, type MedicalDocument } from '../../schema';

/** One patient on the doctor's «Документы пациентов» list. */
export interface PatientDocumentsSummary {
  patientId: string;
  /** Every document of the patient on this device. */
  documents: number;
  /** Patient-written documents nobody has marked reviewed yet. */
  toReview: number;
}

/**
 * Counts each patient's documents and those still to review, in one pass (a doctor's device
 * holds thousands of documents: copying a growing array per document was quadratic). The
 * person's own documents are left out. Order: most to review first, then by name (Russian
 * collation), then by id so equal names keep one order.
 */
export function summarizeByPatient(
  documents: Iterable<Pick<MedicalDocument, 'patientId' | 'type' | 'reviewedAt'>>,
  ownId: string | undefined,
  nameOf: (patientId: string) => string,
): PatientDocumentsSummary[] {
  const byPatient = new Map<string, PatientDocumentsSummary>();
  for (const document of documents) {
    if (document.patientId === ownId) continue;
    let summary = byPatient.get(document.patientId);
    if (!summary) byPatient.set(document.patientId, (summary = { patientId: document.patientId, documents: 0, toReview: 0 }));
    summary.documents++;
    if (!document.reviewedAt && !isServerDocumentType(document.type)) summary.toReview++;
  }
  const collator = new Intl.Collator('ru');
  const names = new Map([...byPatient.keys()].map((id) => [id, nameOf(id)]));
  return [...byPatient.values()].sort(
    (a, b) =>
      b.toReview - a.toReview ||
      collator.compare(names.get(a.patientId)!, names.get(b.patientId)!) ||
      (a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0),
  );
}
