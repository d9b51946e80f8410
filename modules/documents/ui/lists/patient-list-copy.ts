import { readFirstPaintCopy, saveFirstPaintCopy } from '@oblako/shell-kit';
import type { DocumentFileRecord, MedicalDocument } from '../../schema';

/** The key of a patient's page among the signed-in person's first-paint copies (@oblako/shell-kit). */
export const PATIENT_LIST_COPY = 'documents.patient';

/**
 * What one patient's page last showed on this device: its first screen of cards, in review
 * order, with their files' verdicts. Drawn at the next start of that page while the device's
 * database opens (on a reload it reads all of the device's documents into memory first,
 * bench/README.md, bench:page), and replaced by the live list as soon as it answers.
 *
 * One copy per person, of the last patient whose page they opened: a reload is of the page last
 * shown. It holds no more than the device's database holds, and goes with the other first-paint
 * copies at sign-out (forgetFirstPaintCopies).
 */
export interface PatientListCopy {
  patientId: string;
  documents: MedicalDocument[];
  records: DocumentFileRecord[];
  /** The copy holds all of the patient's documents (a short list): its count is the patient's. */
  complete: boolean;
}

/** `userId`'s copy of `patientId`'s page, if it is the last one they opened and of this shape. */
export function readPatientListCopy(userId: string, patientId: string): PatientListCopy | null {
  const copy = readFirstPaintCopy(PATIENT_LIST_COPY, userId, isPatientListCopy);
  return copy?.patientId === patientId ? copy : null;
}

/**
 * Keeps what the page shows now (its first `cards` documents of the whole, live list) as the
 * person's copy, while they are the one signed in on this device. Written only when it changed;
 * a full storage only costs the next start its head start (saveFirstPaintCopy).
 */
export function savePatientListCopy(userId: string, patientId: string, documents: readonly MedicalDocument[], records: ReadonlyMap<string, DocumentFileRecord>, cards: number): void {
  const first = documents.slice(0, cards);
  const copy: PatientListCopy = {
    patientId,
    documents: first,
    records: first.flatMap((document) => document.files.flatMap((file) => records.get(file.fileId) ?? [])),
    complete: documents.length <= cards,
  };
  saveFirstPaintCopy(PATIENT_LIST_COPY, userId, copy);
}

/** A copy saved by this version of the page (an older or damaged one is not drawn). */
export function isPatientListCopy(value: unknown): value is PatientListCopy {
  if (typeof value !== 'object' || value === null) return false;
  const copy = value as Partial<PatientListCopy>;
  return (
    typeof copy.patientId === 'string' &&
    typeof copy.complete === 'boolean' &&
    Array.isArray(copy.documents) &&
    copy.documents.every((d: Partial<MedicalDocument>) => typeof d?.id === 'string' && d.patientId === copy.patientId && typeof d.type === 'string' && typeof d.date === 'string' && Array.isArray(d.files) && d.files.every((f) => typeof f?.fileId === 'string' && typeof f.name === 'string')) &&
    Array.isArray(copy.records) &&
    copy.records.every((r: Partial<DocumentFileRecord>) => typeof r?.fileId === 'string' && r.patientId === copy.patientId && typeof r.status === 'string')
  );
}

/** The key of the patient's name on that page (the title), beside the list's copy. */
export const PATIENT_NAME_COPY = 'documents.patient-name';

interface PatientNameCopy {
  patientId: string;
  name: string;
}

/** The name `userId`'s copy has for `patientId` ('' when none): the page's title says whose documents these are from the start. */
export function readPatientNameCopy(userId: string, patientId: string): string {
  const copy = readFirstPaintCopy(PATIENT_NAME_COPY, userId, (value: unknown): value is PatientNameCopy => typeof (value as PatientNameCopy | null)?.patientId === 'string' && typeof (value as PatientNameCopy).name === 'string');
  return copy?.patientId === patientId ? copy.name : '';
}

/** Keeps the name the page shows now, while `userId` is the one signed in here (see savePatientListCopy). */
export function savePatientNameCopy(userId: string, patientId: string, name: string): void {
  saveFirstPaintCopy(PATIENT_NAME_COPY, userId, { patientId, name } satisfies PatientNameCopy);
}
