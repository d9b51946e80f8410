import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DOCUMENT_TYPES } from '../../documents/schema';
import { ATTENDING_CONCLUSION_TYPE, EXAMINATION_TYPES, patientReadiness, requirementOf, type ReadinessDocument } from './readiness';

function doc(type: string, ...fileIds: string[]): ReadinessDocument {
  return { type, files: (fileIds.length ? fileIds : [`${type}-file`]).map((fileId) => ({ fileId })) };
}

describe('patientReadiness: the attending doctor’s conclusion and at least one examination result', () => {
  it('nothing uploaded: both are missing, in checklist order', () => {
    assert.deepEqual(patientReadiness([]), { ready: false, missing: ['conclusion', 'examination'], pending: [], counts: { conclusion: 0, examination: 0 } });
  });
  it('only the conclusion, or only examinations, is not enough', () => {
    assert.deepEqual(patientReadiness([doc('conclusion')]).missing, ['examination']);
    assert.deepEqual(patientReadiness([doc('mri'), doc('lab')]).missing, ['conclusion']);
  });
  it('the conclusion plus any one examination result is ready', () => {
    for (const type of EXAMINATION_TYPES) {
      const readiness = patientReadiness([doc('conclusion'), doc(type)]);
      assert.equal(readiness.ready, true, type);
      assert.deepEqual(readiness.missing, []);
    }
  });
  it('«другое» counts as an examination result (the seed: «и другие подтверждающие диагноз»)', () => {
    assert.equal(patientReadiness([doc('conclusion'), doc('other')]).ready, true);
  });
  it('a second conclusion does not stand in for an examination result', () => {
    const readiness = patientReadiness([doc('conclusion', 'a'), doc('conclusion', 'b')]);
    assert.equal(readiness.ready, false);
    assert.deepEqual(readiness.counts, { conclusion: 2, examination: 0 });
  });
  it('unknown types and documents without files count for nothing', () => {
    assert.equal(requirementOf('selfie'), null);
    assert.equal(patientReadiness([doc('conclusion'), doc('selfie')]).ready, false);
    assert.equal(patientReadiness([doc('conclusion'), { type: 'ct', files: [] }]).ready, false);
  });
  it('with the server’s verdicts, only documents with a verified file count; the rest are pending', () => {
    const documents = [doc('conclusion', 'c1'), doc('ultrasound', 'u1', 'u2')];
    const uploading = patientReadiness(documents, { uploadedFileIds: new Set(['c1']) });
    assert.deepEqual(uploading, { ready: false, missing: ['examination'], pending: ['examination'], counts: { conclusion: 1, examination: 0 } });
    assert.equal(patientReadiness(documents, { uploadedFileIds: new Set(['c1', 'u2']) }).ready, true, 'one verified page of a multi-page scan is enough');
    assert.deepEqual(patientReadiness(documents, { uploadedFileIds: new Set() }).pending, ['conclusion', 'examination']);
  });
  it('names exactly the document types of the documents module', () => {
    assert.deepEqual([ATTENDING_CONCLUSION_TYPE, ...EXAMINATION_TYPES].sort(), [...DOCUMENT_TYPES].sort());
  });
});
