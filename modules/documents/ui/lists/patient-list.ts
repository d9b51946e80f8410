import type { DataService } from '@oblako/shell-kit';
import { EMPTY, catchError, concat, map, merge, scan, skipWhile, switchMap, type Observable } from 'rxjs';
import { LIST_KEY_FIELD } from '../../list-key';
import type { DocumentFileRecord, MedicalDocument } from '../../schema';
import { PLAIN_LIST_MAX } from './document-list.component';
import { FIRST_SCREEN_OFF_KEY, deviceDocuments$, deviceDocumentsInMemory, deviceFileRecords$ } from './device-documents';
import { inReviewOrder } from './review-order';

/**
 * The first screen's size: more cards than any window holds (a card is ≥ 150 px tall), and one
 * more than a plain list draws, so a first screen that is not the whole patient is drawn by the
 * virtual list the whole patient will use (no redraw when the rest arrives).
 */
export const FIRST_SCREEN_CARDS = PLAIN_LIST_MAX + 1;

/** One patient's documents as their page draws them. */
export interface PatientList {
  /** In review order (lists/review-order.ts). */
  documents: readonly MedicalDocument[];
  /** The server's verdicts on their files, by file id (those known so far). */
  records: ReadonlyMap<string, DocumentFileRecord>;
  /** Only the first screen is known; the whole patient (its count) is still being read. */
  partial: boolean;
}

/**
 * A patient's documents, live. When the device's documents are not in memory yet (a reload of the
 * page, the app opened on it) the first screen is read first, from the device's review-order
 * index (list-key.ts: IndexedDB stops after FIRST_SCREEN_CARDS records instead of reading all of
 * the patient's thousands), with its files' verdicts, and drawn; only then the device's whole
 * documents and file queries start (they would compete with it for IndexedDB) and replace it.
 * Coming from the patients list the whole list is in memory: drawn from it at once.
 */
export function patientList$(data: DataService, patientId: string): Observable<PatientList> {
  const whole$ = merge(
    deviceDocuments$(data).pipe(map((all) => ({ documents: inReviewOrder(all.filter((d) => d.patientId === patientId)), partial: false }))),
    deviceFileRecords$(data).pipe(map((all) => ({ records: new Map(all.flatMap((r) => (r.patientId === patientId ? [[r.fileId, r] as const] : []))) }))),
  );
  const first$ = deviceDocumentsInMemory(data) || globalThis.localStorage?.getItem(FIRST_SCREEN_OFF_KEY) === 'yes'
    ? EMPTY
    : data.first$<MedicalDocument>('documents', { patientId }, [{ [LIST_KEY_FIELD]: 'asc' }], FIRST_SCREEN_CARDS).pipe(
        switchMap((documents) =>
          data.byIds$<DocumentFileRecord>('document_files', documents.flatMap((d) => d.files.map((f) => `${patientId}:${f.fileId}`))).pipe(
            map((records) => ({ documents, records: new Map(records.map((r) => [r.fileId, r] as const)), partial: documents.length === FIRST_SCREEN_CARDS })),
          ),
        ),
        // The first screen is a head start only: if it cannot be read, the whole list still comes.
        catchError(() => EMPTY),
      );
  const start: { documents?: readonly MedicalDocument[]; records: ReadonlyMap<string, DocumentFileRecord>; partial: boolean } = { records: new Map(), partial: false };
  return concat(first$, whole$).pipe(
    scan((list, step) => ({ ...list, ...step }), start),
    skipWhile((list) => list.documents === undefined),
  ) as Observable<PatientList>;
}
