import type { MedicalDocument } from '../../schema';

type Ordered = Pick<MedicalDocument, 'id' | 'date' | 'createdAt' | 'reviewedAt'>;

/**
 * A doctor's order for one patient's documents: those still to review first, each part newest
 * first (by date; equal dates: the later written first; then by id, so the order is total).
 */
export function inReviewOrder<T extends Ordered>(documents: readonly T[]): T[] {
  return [...documents].sort(
    (a, b) =>
      Number(!!a.reviewedAt) - Number(!!b.reviewedAt) ||
      compare(b.date, a.date) ||
      compare(b.createdAt, a.createdAt) ||
      compare(a.id, b.id),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
