import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { consultationSchema } from './schema';
import { consultationIssues, readConsultation, validateConsultation } from './validate';
import { CONSULTATION_STATUSES } from './types';
import { OTHER_PATIENT_ID, consultationIn } from './test-fixtures';

describe('consultationIssues: shape and state invariants', () => {
  it('every consultation walked through the state machine is valid', () => {
    for (const status of CONSULTATION_STATUSES) assert.deepEqual(consultationIssues(consultationIn(status)), [], status);
  });
  it('the id belongs to the patient', () => {
    assert.deepEqual(consultationIssues({ ...consultationIn('ready'), patientId: OTHER_PATIENT_ID }), [{ code: 'invalid_value', field: 'id' }]);
    assert.deepEqual(consultationIssues({ ...consultationIn('ready'), id: 'c-1' }), [{ code: 'invalid_value', field: 'id' }]);
  });
  it('each state has what it needs and nothing it must not', () => {
    const { slot: _slot, ...withoutSlot } = consultationIn('scheduled');
    assert.deepEqual(consultationIssues(withoutSlot), [{ code: 'invalid_value', field: 'slot' }]);
    assert.deepEqual(consultationIssues({ ...consultationIn('ready'), doctorId: consultationIn('taken').doctorId }), [{ code: 'invalid_value', field: 'doctorId' }]);
    const { cancellation: _c, ...withoutCancellation } = consultationIn('cancelled');
    assert.deepEqual(consultationIssues(withoutCancellation), [{ code: 'invalid_value', field: 'cancellation' }]);
    assert.deepEqual(consultationIssues({ ...consultationIn('scheduled'), cancellation: consultationIn('cancelled').cancellation }), [{ code: 'invalid_value', field: 'cancellation' }]);
    assert.deepEqual(consultationIssues({ ...consultationIn('held'), conclusionId: 'x' }), [{ code: 'invalid_value', field: 'conclusionId' }]);
  });
  it('the history must walk the state machine to the current status', () => {
    const scheduled = consultationIn('scheduled');
    assert.deepEqual(consultationIssues({ ...scheduled, status: 'taken', slot: undefined }), [{ code: 'status_mismatch', field: 'status' }]);
    const shuffled = { ...scheduled, history: [scheduled.history[0]!, scheduled.history[2]!, scheduled.history[1]!, scheduled.history[3]!] };
    assert.deepEqual(consultationIssues(shuffled), [{ code: 'status_mismatch', field: 'history' }]);
    assert.deepEqual(consultationIssues({ ...scheduled, history: [] }), [{ code: 'invalid_value', field: 'history' }]);
  });
  it('history entries: known steps, real people, the server only as `system`', () => {
    const ready = consultationIn('ready');
    const entry = ready.history[1]!;
    assert.deepEqual(consultationIssues({ ...ready, history: [ready.history[0]!, { ...entry, actorId: 'system' }] }), [{ code: 'invalid_value', field: 'history' }]);
    assert.deepEqual(consultationIssues({ ...ready, history: [ready.history[0]!, { ...entry, role: 'system' }] }), [{ code: 'invalid_value', field: 'history' }]);
    assert.deepEqual(consultationIssues({ ...ready, history: [ready.history[0]!, { ...entry, role: 'system', actorId: 'system' }] }), []);
    assert.deepEqual(consultationIssues({ ...ready, history: [ready.history[0]!, { ...entry, extra: 1 }] }), [{ code: 'invalid_value', field: 'history' }]);
  });
  it('field shapes: times, slot spelling, texts, unknown fields', () => {
    const scheduled = consultationIn('scheduled');
    assert.deepEqual(consultationIssues({ ...scheduled, bookedAt: 'yesterday' }), [{ code: 'invalid_value', field: 'bookedAt' }]);
    assert.deepEqual(consultationIssues({ ...scheduled, slot: { start: '2026-12-08T10:00:00+03:00', end: scheduled.slot!.end } }), [{ code: 'invalid_value', field: 'slot' }]);
    assert.deepEqual(consultationIssues({ ...scheduled, specialty: ' ' }), [{ code: 'invalid_value', field: 'specialty' }]);
    assert.deepEqual(consultationIssues({ ...scheduled, timeRequest: { comment: 'x'.repeat(2001), at: scheduled.createdAt } }), [{ code: 'invalid_value', field: 'timeRequest' }]);
    assert.deepEqual(consultationIssues({ ...scheduled, _rev: '1-x' }), [{ code: 'invalid_value', field: '_rev' }]);
  });
  it('validateConsultation speaks the collection hook’s language; readConsultation types a valid one', () => {
    assert.deepEqual(validateConsultation({ ...consultationIn('scheduled'), bookedAt: 'x' }), [{ field: 'bookedAt', code: 'invalid_value' }]);
    assert.equal('consultation' in readConsultation(consultationIn('done')), true);
    assert.deepEqual(readConsultation({}), { issue: { code: 'invalid_value', field: 'id' } });
  });
  it('the JSON schema lists exactly the fields the rules know', () => {
    const sample = { ...consultationIn('done'), timeRequest: { comment: '', at: consultationIn('done').createdAt } };
    const known = new Set(Object.keys(consultationSchema.properties));
    for (const field of Object.keys(sample)) assert.ok(known.has(field), field);
    for (const field of known) {
      const probe = { ...consultationIn('scheduled'), [field]: undefined, surplus: 1 };
      assert.equal(consultationIssues(probe).some((found) => found.field === 'surplus'), true, `${field} is known to the rules`);
    }
    assert.equal(consultationSchema.additionalProperties, false);
  });
});
