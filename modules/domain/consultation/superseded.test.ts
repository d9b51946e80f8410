import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { supersededNotices, type NoticeKind } from './notices';

const item = (id: string, kind: NoticeKind, consultationId: string, minute: number) =>
  ({ id, kind, consultationId, createdAt: `2026-12-05T10:${String(minute).padStart(2, '0')}:00.000Z` });

describe('an earlier notification that a later change made wrong is marked «заменено»', () => {
  it('scheduled → rescheduled → cancelled: only the last one stands; other consultations and other kinds are untouched', () => {
    const superseded = supersededNotices([
      item('a', 'scheduled', 'c1', 1),
      item('b', 'rescheduled', 'c1', 5),
      item('c', 'documents_requested', 'c1', 6),
      item('d', 'cancelled_by_doctor', 'c1', 9),
      item('e', 'scheduled', 'c2', 2),
      item('f', 'conclusion_issued', 'c2', 8),
    ]);
    assert.deepEqual([...superseded].sort(), ['a', 'b']);
  });

  it('notices written by one change (the same moment) do not replace each other', () => {
    assert.deepEqual([...supersededNotices([item('a', 'slot_released', 'c1', 3), item('b', 'doctor_changed', 'c1', 3)])], []);
  });
});
