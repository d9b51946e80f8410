import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { overdueSince, patientStage, schedulingPromise } from './promise';
import { patientReadiness } from './readiness';
import { NOW, consultationIn } from './test-fixtures';
import type { ConsultationStatus } from './types';

const READY_AT = '2026-12-01T10:00:00.000Z';
const after = (hours: number) => new Date(Date.parse(READY_AT) + hours * 3600_000).toISOString();

describe('overdueSince: the 2–4 day promise', () => {
  it('under 2 days: on time', () => {
    assert.deepEqual(overdueSince(READY_AT, after(47)), {
      level: 'on_time', waitedMs: 47 * 3600_000, waitedDays: 1, dueAt: '2026-12-05T10:00:00.000Z', overdueSince: null,
    });
  });
  it('from 2 days up to and including 4 days: attention (highlighted)', () => {
    assert.equal(overdueSince(READY_AT, after(48)).level, 'attention');
    assert.equal(overdueSince(READY_AT, after(96)).level, 'attention');
    assert.equal(overdueSince(READY_AT, after(96)).overdueSince, null);
  });
  it('after 4 days: overdue, since the moment the 4 days ran out', () => {
    const status = overdueSince(READY_AT, after(24 * 6));
    assert.equal(status.level, 'overdue');
    assert.equal(status.overdueSince, '2026-12-05T10:00:00.000Z');
    assert.equal(status.waitedDays, 6);
    assert.equal(overdueSince(READY_AT, new Date(Date.parse(READY_AT) + 4 * 86_400_000 + 1)).level, 'overdue');
  });
  it('a clock behind readyAt counts as no wait; garbage is refused', () => {
    assert.equal(overdueSince(READY_AT, after(-5)).waitedMs, 0);
    assert.throws(() => overdueSince('soon', NOW), RangeError);
  });
});

describe('schedulingPromise: the clock stops at the first booking', () => {
  it('runs while the patient waits for a slot', () => {
    const taken = consultationIn('taken');
    assert.equal(taken.readyAt, NOW);
    assert.equal(schedulingPromise(taken, NOW)?.level, 'on_time');
    assert.equal(schedulingPromise(taken, '2026-12-10T07:00:00.000Z')?.level, 'attention');
    assert.equal(schedulingPromise(taken, '2026-12-12T07:00:00.000Z')?.level, 'overdue');
  });
  it('is measured up to the first booking once there is one (kept, whatever happens later)', () => {
    const scheduled = consultationIn('scheduled');
    assert.equal(schedulingPromise(scheduled, '2027-01-01T00:00:00.000Z')?.waitedMs, 0);
  });
  it('does not apply before the documents are ready, or to one cancelled before any booking', () => {
    assert.equal(schedulingPromise(consultationIn('awaiting_documents'), NOW), null);
    const cancelledEarly = { ...consultationIn('ready'), status: 'cancelled' as const };
    assert.equal(schedulingPromise(cancelledEarly, NOW), null);
  });
});

describe('patientStage for the manager', () => {
  const none = patientReadiness([]);
  const some = patientReadiness([{ type: 'mri', files: [{ fileId: 'f1' }] }]);
  it('registered, documents', () => {
    assert.equal(patientStage(null, none), 'registered');
    assert.equal(patientStage(undefined, some), 'documents');
    assert.equal(patientStage(consultationIn('awaiting_documents'), some), 'documents');
    assert.equal(patientStage(consultationIn('awaiting_documents'), none), 'registered');
  });
  it('follows the consultation after that', () => {
    const expected: Record<Exclude<ConsultationStatus, 'awaiting_documents'>, string> = {
      ready: 'ready', taken: 'taken', documents_requested: 'taken', scheduled: 'scheduled', in_progress: 'in_progress', held: 'done', done: 'done', cancelled: 'cancelled',
    };
    for (const [status, stage] of Object.entries(expected)) {
      assert.equal(patientStage(consultationIn(status as ConsultationStatus), some), stage, status);
    }
  });
});
