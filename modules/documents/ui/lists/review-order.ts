import type { MedicalDocument } from '../../schema';

/** Newest first; equal dates: the later written first; then by id, so the order is total. */
export const REVIEW_ORDER = [{ date: 'desc' }, { createdAt: 'desc' }, { id: 'asc' }] as const;

type Ordered = Pick<MedicalDocument, 'id' | 'date' | 'createdAt' | 'reviewedAt'>;

/**
 * A doctor's order for one patient's documents: those still to review first, each part newest
 * first (REVIEW_ORDER), so the first screen read on its own is the start of this list.
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
