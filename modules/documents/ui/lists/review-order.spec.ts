import type { MedicalDocument } from '../../schema';
import { inReviewOrder } from './review-order';

type Row = Pick<MedicalDocument, 'id' | 'date' | 'createdAt' | 'reviewedAt'>;

describe('inReviewOrder (one patient’s page for the doctor)', () => {
  it('puts documents still to review first, each part newest first, then the later written, then by id', () => {
    const rows: Row[] = [
      { id: 'p:a', date: '2026-11-01', createdAt: '2026-11-02T10:00:00.000Z', reviewedAt: '2026-11-03T10:00:00.000Z' },
      { id: 'p:b', date: '2026-11-05', createdAt: '2026-11-05T10:00:00.000Z' },
      { id: 'p:c', date: '2026-11-05', createdAt: '2026-11-05T12:00:00.000Z' },
      { id: 'p:e', date: '2026-10-01', createdAt: '2026-10-01T10:00:00.000Z' },
      { id: 'p:d', date: '2026-10-01', createdAt: '2026-10-01T10:00:00.000Z' },
      { id: 'p:f', date: '2026-12-01', createdAt: '2026-12-01T10:00:00.000Z', reviewedAt: '2026-12-02T10:00:00.000Z' },
    ];
    expect(inReviewOrder(rows).map((r) => r.id)).toEqual(['p:c', 'p:b', 'p:d', 'p:e', 'p:f', 'p:a']);
    // The input is left as it was (it is the shared query's result).
    expect(rows[0]!.id).toBe('p:a');
  });

  it('orders 5,000 documents in well under the time of a frame budget on a desktop', () => {
    const rows: Row[] = Array.from({ length: 5_000 }, (_, i) => ({
      id: `p:${i}`,
      date: `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      createdAt: '2026-12-01T10:00:00.000Z',
      reviewedAt: i % 100 === 0 ? undefined : '2026-12-02T10:00:00.000Z',
    }));
    const started = performance.now();
    const ordered = inReviewOrder(rows);
    expect(performance.now() - started).toBeLessThan(200);
    expect(ordered.slice(0, 50).every((r) => r.reviewedAt === undefined)).toBeTrue();
    expect(ordered[50]!.reviewedAt).toBeDefined();
  });
});
