import { filter, firstValueFrom, timeout } from 'rxjs';
import type { RxCollection } from 'rxdb';

/** How long a tab may take to show another tab's write before the test says so (instead of hanging). */
const NEVER = 10_000;

/**
 * Waits, without a clock, until a tab's live query (`find().$`, sorted by id) shows what `shows`
 * wants: another tab's writes reach it when this tab reads them from the log. Resolves with the
 * documents as shown.
 */
export function untilShown<T>(collection: RxCollection<any>, shows: (docs: T[]) => boolean, what: string): Promise<T[]> {
  const primaryPath = collection.schema.primaryPath as string;
  return firstValueFrom(
    collection.find({ sort: [{ [primaryPath]: 'asc' }] }).$.pipe(
      filter((docs) => shows(docs.map((doc) => doc.toJSON() as T))),
      timeout({ first: NEVER, with: () => Promise.reject(new Error(`never shown: ${what}`)) }),
    ),
  ).then((docs) => docs.map((doc) => doc.toJSON() as T));
}

/** Waits until a tab's live query holds exactly these documents at these revisions. */
export function untilRevisions(collection: RxCollection<any>, expected: readonly { id: string; rev: string }[], what: string): Promise<unknown> {
  const want = JSON.stringify(expected.map((doc) => [doc.id, doc.rev]));
  const primaryPath = collection.schema.primaryPath as string;
  return firstValueFrom(
    collection.find({ sort: [{ [primaryPath]: 'asc' }] }).$.pipe(
      filter((docs) => JSON.stringify(docs.map((doc) => [doc.primary, doc.revision])) === want),
      timeout({ first: NEVER, with: () => Promise.reject(new Error(`${what} never caught up`)) }),
    ),
  );
}
