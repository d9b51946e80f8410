import type { DataService } from '@oblako/shell-kit';
import { ReplaySubject, finalize, share, tap, type Observable } from 'rxjs';
import type { DocumentFileRecord, MedicalDocument } from '../../schema';

/**
 * Every document on this device, live — the one query the doctor's pages and the offline file
 * copies share. RxDB keeps one query object per selector (its query cache) and answers a new
 * subscriber from the result it already holds while nothing changed, so the patients list, one
 * patient's page and the offline copies read the collection from IndexedDB once, not once each;
 * a patient's page is cut out of it in memory (a few milliseconds for 5,000 documents, against
 * a second to read them again).
 *
 * Why not an indexed query per patient, newest first: RxDB 17 never serves a `desc` sort from an
 * index (its query planner re-sorts, and the Dexie storage reads the whole range), so a "first
 * screen, newest first" query reads every record of the patient anyway; and the list needs the
 * whole patient for its count and scroll bar.
 */
export function deviceDocuments$(data: DataService): Observable<MedicalDocument[]> {
  return shared(data, 'documents');
}

/** Every server verdict on a file on this device, live: shared the same way (see above). */
export function deviceFileRecords$(data: DataService): Observable<DocumentFileRecord[]> {
  return shared(data, 'document_files');
}

/**
 * True when the device's documents are already in memory (the shared query is live and has
 * answered, e.g. the doctor comes from the patients list): a page then draws from them at once.
 */
export function deviceDocumentsInMemory(data: DataService): boolean {
  return answered.get(data)?.has('documents') ?? false;
}

/**
 * A device flag (localStorage): a reload as in session 6 — no first screen from the review-order
 * index, the offline copies' whole reads at once. For bench:page's in-round before/after only.
 */
export const FIRST_SCREEN_OFF_KEY = 'oblako:first-screen-off';

const sharedQueries = new WeakMap<DataService, Map<string, Observable<unknown[]>>>();
/** The shared queries that are live and have answered (see deviceDocumentsInMemory). */
const answered = new WeakMap<DataService, Set<string>>();

/**
 * One subscription to the collection's whole-device query however many read it, so its 5,000
 * documents are also turned into plain objects once per change, not once per reader. Dropped
 * when the last reader leaves or the query ends (a new reader then starts from RxDB's cached result).
 */
function shared<T>(data: DataService, collection: string): Observable<T[]> {
  let queries = sharedQueries.get(data);
  if (!queries) sharedQueries.set(data, (queries = new Map()));
  let query = queries.get(collection);
  // Reset on complete and on error too (a closed database at sign-out): the next reader, maybe
  // another person, must query again, never be handed the last list of the past session.
  const reset = { resetOnComplete: true, resetOnError: true, resetOnRefCountZero: true };
  if (!answered.has(data)) answered.set(data, new Set());
  const live = answered.get(data)!;
  if (!query) {
    const source = data.find$<unknown>(collection).pipe(
      tap(() => live.add(collection)),
      finalize(() => live.delete(collection)),
    );
    queries.set(collection, (query = source.pipe(share({ connector: () => new ReplaySubject<unknown[]>(1), ...reset }))));
  }
  return query as Observable<T[]>;
}
