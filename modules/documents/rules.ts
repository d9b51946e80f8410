import { sameJson, type DocumentChange, type FieldIssue } from '@oblako/domain';
import { CONCLUSION_DOCUMENT_PREFIX, FILE_ID_PATTERN, isServerDocumentType } from './schema';

/**
 * The rules of the `documents` collection that a JSON schema cannot say. Pure: the server runs
 * them on every write over /sync, the PWA before saving, so both refuse the same things with
 * the same codes (i18n keys `documents.error.<field>.<code>`).
 */

/** Fields that are the patient's to write; the doctor's are REVIEW_FIELDS. */
export const PATIENT_FIELDS = ['type', 'date', 'note', 'files', 'updatedAt'] as const;
export const REVIEW_FIELDS = ['reviewedAt', 'reviewedBy'] as const;
/** What the doctor's review refers to: frozen once the document is reviewed (the note stays editable). */
export const FROZEN_AFTER_REVIEW = ['type', 'date', 'files'] as const;

const EARLIEST_DOCUMENT_YEAR = 1900;

/** Content rules of one document (creation and every edit). */
export function validateDocument(doc: Readonly<Record<string, unknown>>, today = new Date()): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const date = doc['date'];
  if (typeof date === 'string') {
    const parsed = new Date(`${date}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
      issues.push({ field: 'date', code: 'invalid' });
    } else if (parsed.getTime() > endOfTodayAnywhereInRussia(today)) {
      issues.push({ field: 'date', code: 'future' });
    } else if (parsed.getUTCFullYear() < EARLIEST_DOCUMENT_YEAR) {
      issues.push({ field: 'date', code: 'tooEarly' });
    }
  }
  const files = doc['files'];
  if (Array.isArray(files)) {
    const ids = new Set<string>();
    const hashes = new Set<string>();
    for (const file of files as Record<string, unknown>[]) {
      const fileId = String(file?.['fileId'] ?? '');
      if (!FILE_ID_PATTERN.test(fileId)) issues.push({ field: 'files', code: 'invalidId' });
      else if (ids.has(fileId)) issues.push({ field: 'files', code: 'sameFileTwice' });
      ids.add(fileId);
      const sha256 = String(file?.['sha256'] ?? '');
      if (hashes.has(sha256)) issues.push({ field: 'files', code: 'sameFileTwice' });
      hashes.add(sha256);
      if (/[\\/\u0000-\u001f]/.test(String(file?.['name'] ?? ''))) issues.push({ field: 'files', code: 'invalidName' });
    }
  }
  const reviewedAt = doc['reviewedAt'];
  const reviewedBy = doc['reviewedBy'];
  if ((reviewedAt === undefined) !== (reviewedBy === undefined)) issues.push({ field: 'reviewedAt', code: 'incomplete' });
  return issues;
}

/**
 * Who may change what, beyond the per-field writers:
 * - a patient may delete a document only while no doctor has reviewed it;
 * - a review names the doctor who made it, is made once and never taken back;
 * - after a review the type, date and files stay as the doctor saw them.
 */
export function checkDocumentChange({ writer, before, after }: DocumentChange): FieldIssue | null {
  const serverIssue = checkServerDocumentChange(before, after);
  if (serverIssue) return serverIssue;
  const reviewed = before?.['reviewedAt'] !== undefined;
  if (after === null) return reviewed ? { field: 'reviewedAt', code: 'deleteAfterReview' } : null;

  const reviewChanged = REVIEW_FIELDS.some((field) => !sameJson(before?.[field], after[field]));
  if (reviewChanged) {
    if (reviewed) return { field: 'reviewedAt', code: 'alreadyReviewed' };
    if (after['reviewedBy'] !== writer.id) return { field: 'reviewedBy', code: 'notYou' };
  }
  if (reviewed) {
    for (const field of FROZEN_AFTER_REVIEW) {
      if (!sameJson(before?.[field], after[field])) return { field, code: 'lockedAfterReview' };
    }
  }
  return null;
}

/**
 * Documents the server writes (the consultant's conclusion): nobody creates one over replication,
 * nor reuses its reserved id, changes it or deletes it; only an assigned doctor's review mark may
 * be added (the usual review rules then apply). `undefined`: not a server document.
 */
function checkServerDocumentChange(
  before: Readonly<Record<string, unknown>> | null,
  after: Readonly<Record<string, unknown>> | null,
): FieldIssue | null | undefined {
  const id = String(after?.['id'] ?? before?.['id'] ?? '');
  const reservedId = id.slice(id.indexOf(':') + 1).startsWith(CONCLUSION_DOCUMENT_PREFIX);
  const server = isServerDocumentType(before?.['type']) || isServerDocumentType(after?.['type']) || reservedId;
  if (!server) return undefined;
  if (before === null || !isServerDocumentType(before['type'])) return { field: 'type', code: 'serverOnly' };
  if (after === null) return { field: 'type', code: 'serverDocumentDelete' };
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const field of fields) {
    if ((REVIEW_FIELDS as readonly string[]).includes(field)) continue;
    if (!sameJson(before[field], after[field])) return { field, code: 'serverDocumentLocked' };
  }
  return null;
}

/** A patient in Kamchatka (UTC+12) lives up to 12 hours ahead of UTC: their "today" is still today. */
function endOfTodayAnywhereInRussia(now: Date): number {
  return now.getTime() + 12 * 60 * 60 * 1000;
}
