import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { listKey } from './list-key';
import { inReviewOrder } from './ui/lists/review-order';

/** The index's order: listKey, then the id (RxDB puts the primary key last in every index). */
function indexOrder<T extends { id: string }>(docs: readonly T[]): T[] {
  const key = (d: T) => listKey(d as unknown as Record<string, unknown>);
  return [...docs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

describe('listKey (the review order as one ascending key)', () => {
  it('orders like review-order.ts: to review first, newest date, later written, then id — ties and odd creation times included', () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    // Creation times as devices write them: with and without milliseconds, with an offset.
    const times = ['2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00Z', '2026-03-01T10:00:00.5Z', '2026-03-01T09:59:59.999Z', '2026-03-01T13:00:00+03:00', '2026-02-28T23:00:00.000Z'];
    const docs = Array.from({ length: 600 }, (_, i) => ({
      id: `p:${String(random(50)).padStart(2, '0')}-${i}`,
      date: `202${random(3)}-0${1 + random(3)}-1${random(3)}`,
      createdAt: times[random(times.length)]!,
      ...(random(3) === 0 ? { reviewedAt: '2026-04-01T10:00:00.000Z' } : {}),
    }));
    assert.deepEqual(indexOrder(docs).map((d) => d.id), inReviewOrder(docs).map((d) => d.id));
  });

  it('has a fixed width and puts every one still to review before every reviewed one', () => {
    const fresh = listKey({ date: '1999-01-01', createdAt: '1999-01-01T00:00:00Z' });
    const reviewed = listKey({ date: '2030-12-31', createdAt: '2030-12-31T23:59:59.999Z', reviewedAt: '2031-01-01T00:00:00Z' });
    assert.equal(fresh.length, reviewed.length);
    assert.ok(fresh < reviewed);
  });
});
