import type { RxCollection } from 'rxdb';

/**
 * Resolves with the elapsed milliseconds once `predicate` holds for the document (null when it
 * does not exist), as the device's live query sees it; rejects after `timeoutMs`.
 */
export function waitForDoc<T>(collection: RxCollection, id: string, predicate: (doc: T | null) => boolean, timeoutMs = 5000): Promise<number> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      reject(new Error(`document ${id} did not reach the expected state in ${timeoutMs} ms`));
    }, timeoutMs);
    const subscription = collection.findOne(id).$.subscribe((doc) => {
      if (predicate(doc ? (doc.toJSON() as T) : null)) {
        clearTimeout(timer);
        queueMicrotask(() => subscription.unsubscribe());
        resolve(Date.now() - started);
      }
    });
  });
}
