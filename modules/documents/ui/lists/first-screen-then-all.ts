import { map, merge, share, takeUntil, type Observable } from 'rxjs';

/** How many documents are read first: more than fit on a desktop screen. */
export const FIRST_SCREEN = 12;

export interface ListStep<T> {
  value: T;
  /** False while only the first screen is known. */
  complete: boolean;
}

/**
 * A long list shown in two steps: the first screen, read with a `limit` (a few documents, so
 * the first cards appear at once), then the whole list, which replaces it for good as soon as
 * it is read. Both stay live; the first-screen query is dropped once the whole list arrives.
 */
export function firstScreenThenAll<T>(firstScreen$: Observable<T>, all$: Observable<T>): Observable<ListStep<T>> {
  const whole$ = all$.pipe(share());
  return merge(
    firstScreen$.pipe(
      takeUntil(whole$),
      map((value) => ({ value, complete: false })),
    ),
    whole$.pipe(map((value) => ({ value, complete: true }))),
  );
}
