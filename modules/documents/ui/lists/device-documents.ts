import type { DataService } from '@oblako/shell-kit';
import type { Observable } from 'rxjs';
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
  return data.find$<MedicalDocument>('documents');
}

/** Every server verdict on a file on this device, live: shared the same way (see above). */
export function deviceFileRecords$(data: DataService): Observable<DocumentFileRecord[]> {
  return data.find$<DocumentFileRecord>('document_files');
}
