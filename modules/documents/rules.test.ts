import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkWrite, type StoredDoc, type Viewer } from '@oblako/domain';
import { DOCUMENTS_COLLECTION, fileState, type DocumentFileRecord } from './index';
import { checkDocumentChange, validateDocument } from './rules';

const patient = 'aaaaaaaa-0000-4000-8000-000000000001';
const doctorId = 'dddddddd-0000-4000-8000-000000000004';
const patientViewer: Viewer = { id: patient, role: 'patient' };
const doctor: Viewer = { id: doctorId, role: 'doctor', assignedPatients: new Set([patient]) };
const file = { fileId: 'f1a2b3c4-0000', name: 'scan.pdf', size: 10, mime: 'application/pdf', sha256: 'a'.repeat(64) };

function doc(extra: Record<string, unknown> = {}): StoredDoc {
  return { _id: `${patient}:d1`, patientId: patient, type: 'mri', date: '2026-01-15', note: '', files: [file], createdAt: 't', updatedAt: 't', ...extra };
}

describe('validateDocument', () => {
  const today = new Date('2026-03-01T10:00:00Z');
  it('accepts a plain document', () => assert.deepEqual(validateDocument(doc(), today), []));
  it('refuses impossible, future and ancient dates', () => {
    assert.deepEqual(validateDocument(doc({ date: '2026-02-30' }), today), [{ field: 'date', code: 'invalid' }]);
    assert.deepEqual(validateDocument(doc({ date: '2026-03-05' }), today), [{ field: 'date', code: 'future' }]);
    assert.deepEqual(validateDocument(doc({ date: '1812-09-07' }), today), [{ field: 'date', code: 'tooEarly' }]);
  });
  it("allows today's date in Kamchatka while it is still yesterday in UTC", () => {
    assert.deepEqual(validateDocument(doc({ date: '2026-03-02' }), new Date('2026-03-01T13:00:00Z')), []);
  });
  it('refuses the same file twice (by id or by content) and names with a path', () => {
    assert.deepEqual(validateDocument(doc({ files: [file, file] }), today).map((i) => i.code), ['sameFileTwice', 'sameFileTwice']);
    assert.deepEqual(validateDocument(doc({ files: [file, { ...file, fileId: 'other-id-000' }] }), today), [{ field: 'files', code: 'sameFileTwice' }]);
    assert.deepEqual(validateDocument(doc({ files: [{ ...file, name: 'a/b.pdf' }] }), today), [{ field: 'files', code: 'invalidName' }]);
  });
  it('a review has both its fields', () => {
    assert.deepEqual(validateDocument(doc({ reviewedAt: 't' }), today), [{ field: 'reviewedAt', code: 'incomplete' }]);
  });
});

describe('checkDocumentChange', () => {
  const writerDoctor = { id: doctorId, role: 'doctor' as const };
  const writerPatient = { id: patient, role: 'patient' as const };
  const reviewed = { ...doc(), reviewedAt: 't2', reviewedBy: doctorId };
  it('deletion only before a review', () => {
    assert.equal(checkDocumentChange({ writer: writerPatient, before: doc(), after: null }), null);
    assert.deepEqual(checkDocumentChange({ writer: writerPatient, before: reviewed, after: null }), { field: 'reviewedAt', code: 'deleteAfterReview' });
  });
  it('a review is made once, in the name of who makes it', () => {
    assert.equal(checkDocumentChange({ writer: writerDoctor, before: doc(), after: reviewed }), null);
    assert.deepEqual(checkDocumentChange({ writer: { id: 'someone-else', role: 'doctor' }, before: doc(), after: reviewed }), { field: 'reviewedBy', code: 'notYou' });
    assert.deepEqual(checkDocumentChange({ writer: writerDoctor, before: reviewed, after: { ...reviewed, reviewedAt: 't3' } }), { field: 'reviewedAt', code: 'alreadyReviewed' });
  });
  it('type, date and files are frozen after a review; the note is not', () => {
    assert.deepEqual(checkDocumentChange({ writer: writerPatient, before: reviewed, after: { ...reviewed, files: [] } }), { field: 'files', code: 'lockedAfterReview' });
    assert.equal(checkDocumentChange({ writer: writerPatient, before: reviewed, after: { ...reviewed, note: 'x' } }), null);
  });
});

describe('the documents collection in the authorisation core (checkChange wired into checkWrite)', () => {
  it('refuses a bare tombstone of a reviewed document with change_refused', () => {
    const stored = doc({ _rev: '2-x', reviewedAt: 't2', reviewedBy: doctorId });
    const refusal = checkWrite(DOCUMENTS_COLLECTION, patientViewer, stored, { _id: stored._id, _rev: '2-x', _deleted: true });
    assert.equal(refusal?.code, 'change_refused');
    assert.match(refusal?.reason ?? '', /reviewedAt\.deleteAfterReview/);
    assert.equal(checkWrite(DOCUMENTS_COLLECTION, patientViewer, doc({ _rev: '1-x' }), { _id: stored._id, _rev: '1-x', _deleted: true }), null);
  });
  it('lets the assigned doctor add a review and nothing else', () => {
    const stored = doc({ _rev: '1-x' });
    assert.equal(checkWrite(DOCUMENTS_COLLECTION, doctor, stored, { ...stored, reviewedAt: 't', reviewedBy: doctorId }), null);
    assert.equal(checkWrite(DOCUMENTS_COLLECTION, doctor, stored, { ...stored, note: 'x' })?.code, 'field_not_writable');
  });
});

describe('fileState', () => {
  const record = (extra: Partial<DocumentFileRecord>): DocumentFileRecord => ({
    id: `${patient}:f1`, patientId: patient, documentId: `${patient}:d1`, fileId: 'f1', name: 'a.pdf', size: 10, status: 'uploaded', checkedAt: 't', ...extra,
  });
  it('the server record wins; local progress shows until it arrives', () => {
    assert.deepEqual(fileState(record({ mime: 'application/pdf' }), { sending: true, sentBytes: 5, totalBytes: 10 }), { kind: 'uploaded', mime: 'application/pdf' });
    assert.deepEqual(fileState(undefined, { sending: true, sentBytes: 5, totalBytes: 10 }), { kind: 'uploading', sentBytes: 5, totalBytes: 10 });
    assert.deepEqual(fileState(undefined, { sending: false, sentBytes: 10, totalBytes: 10 }), { kind: 'verifying' });
    assert.deepEqual(fileState(undefined, { sending: false, sentBytes: 0, totalBytes: 10 }), { kind: 'waiting' });
    assert.deepEqual(fileState(undefined, undefined), { kind: 'elsewhere' });
  });
  it('a rejection is shown with its reason, unless the file is being sent again', () => {
    const rejected = record({ status: 'rejected', reason: 'file_duplicate', duplicateOf: 'f0' });
    assert.deepEqual(fileState(rejected, undefined), { kind: 'rejected', reason: 'file_duplicate', duplicateOf: 'f0' });
    assert.deepEqual(fileState(rejected, { sending: true, sentBytes: 1, totalBytes: 10 }), { kind: 'uploading', sentBytes: 1, totalBytes: 10 });
  });
});

describe('server-written documents (the consultant\'s conclusion)', () => {
  const conclusion = (extra: Record<string, unknown> = {}) =>
    doc({ _id: `${patient}:conclusion-consultation-1`, type: 'consultation_conclusion', note: 'не подписано', ...extra });
  const data = (stored: StoredDoc) => {
    const { _id, ...rest } = stored;
    return { id: _id, ...rest };
  };

  it('nobody creates one, or a document under its reserved id', () => {
    const forged = conclusion();
    assert.deepEqual(checkDocumentChange({ writer: patientViewer, before: null, after: data(forged) }), { field: 'type', code: 'serverOnly' });
    assert.deepEqual(checkDocumentChange({ writer: doctor, before: null, after: data(forged) }), { field: 'type', code: 'serverOnly' });
    assert.deepEqual(checkDocumentChange({ writer: patientViewer, before: null, after: data(conclusion({ type: 'mri' })) }), { field: 'type', code: 'serverOnly' });
    assert.equal(checkWrite(DOCUMENTS_COLLECTION, patientViewer, null, doc({ type: 'consultation_conclusion' }))?.code, 'change_refused');
  });
  it('the patient neither deletes nor edits it; a plain document cannot become one', () => {
    const stored = data(conclusion());
    assert.deepEqual(checkDocumentChange({ writer: patientViewer, before: stored, after: null }), { field: 'type', code: 'serverDocumentDelete' });
    assert.deepEqual(checkDocumentChange({ writer: patientViewer, before: stored, after: { ...stored, note: 'x' } }), { field: 'note', code: 'serverDocumentLocked' });
    const plain = data(doc());
    assert.deepEqual(checkDocumentChange({ writer: patientViewer, before: plain, after: { ...plain, type: 'consultation_conclusion' } }), { field: 'type', code: 'serverOnly' });
  });
  it('the assigned doctor may still mark it reviewed, in their own name, once', () => {
    const stored = data(conclusion());
    assert.equal(checkDocumentChange({ writer: doctor, before: stored, after: { ...stored, reviewedAt: 't2', reviewedBy: doctorId } }), null);
    assert.deepEqual(checkDocumentChange({ writer: doctor, before: stored, after: { ...stored, reviewedAt: 't2', reviewedBy: patient } }), { field: 'reviewedBy', code: 'notYou' });
  });
  it('the schema accepts the type', () => {
    const { properties } = DOCUMENTS_COLLECTION.schema as unknown as { properties: { type: { enum: string[]; maxLength: number } } };
    assert.ok(properties.type.enum.includes('consultation_conclusion'));
    assert.ok('consultation_conclusion'.length <= properties.type.maxLength);
  });
});
