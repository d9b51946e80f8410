import type { DataService } from '@oblako/shell-kit';
import { EMPTY, catchError, concat, defer, map, merge, of, scan, skipWhile, switchMap, tap, type Observable } from 'rxjs';
import { LIST_KEY_FIELD } from '../../list-key';
import type { DocumentFileRecord, MedicalDocument } from '../../schema';
import { PLAIN_LIST_MAX } from './document-list.component';
import { FIRST_SCREEN_OFF_KEY, deviceDocuments$, deviceDocumentsInMemory, deviceFileRecords$ } from './device-documents';
import { readPatientListCopy, savePatientListCopy } from './patient-list-copy';
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
 * page, the app opened on it) the page draws at once, with no database, what it showed last time
 * (its first-paint copy, lists/patient-list-copy.ts: `userId`'s, if this patient's page is the one
 * they last opened). Without a copy, the first screen is read from the device's review-order
 * index first (list-key.ts: FIRST_SCREEN_CARDS records, not all of the patient's thousands), with
 * its files' verdicts. Then the device's whole documents and file queries replace it. Coming from
 * the patients list the whole list is in memory: drawn from it at once. The copy follows the
 * whole, live list.
 */
export function patientList$(data: DataService, patientId: string, userId?: string): Observable<PatientList> {
  return defer(() => {
    const inMemory = deviceDocumentsInMemory(data);
    // What the copy is made of: the live lists only, never the copy itself.
    const live: { documents?: readonly MedicalDocument[]; records?: ReadonlyMap<string, DocumentFileRecord> } = {};
    const keep = () => {
      if (userId && live.documents && live.records) savePatientListCopy(userId, patientId, live.documents, live.records, FIRST_SCREEN_CARDS);
    };
    const whole$ = merge(
      deviceDocuments$(data).pipe(
        map((all) => ({ documents: inReviewOrder(all.filter((d) => d.patientId === patientId)), partial: false })),
        tap((step) => ((live.documents = step.documents), keep())),
      ),
      deviceFileRecords$(data).pipe(
        map((all) => ({ records: new Map(all.flatMap((r) => (r.patientId === patientId ? [[r.fileId, r] as const] : []))) })),
        tap((step) => ((live.records = step.records), keep())),
      ),
    );
    // The bench's "as before" reload (FIRST_SCREEN_OFF_KEY) draws neither the copy nor the first screen.
    const firstScreenOff = globalThis.localStorage?.getItem(FIRST_SCREEN_OFF_KEY) === 'yes';
    const copy = inMemory || firstScreenOff || !userId ? null : readPatientListCopy(userId, patientId);
    const copy$ = copy ? of({ documents: copy.documents, records: new Map(copy.records.map((r) => [r.fileId, r] as const)), partial: !copy.complete }) : EMPTY;
    // With the copy on screen the first screen is drawn: the whole list comes next, not a second first screen.
    const first$ = inMemory || firstScreenOff || copy
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
    return concat(copy$, first$, whole$).pipe(
      scan((list, step) => ({ ...list, ...step }), start),
      skipWhile((list) => list.documents === undefined),
    ) as Observable<PatientList>;
  });
}
