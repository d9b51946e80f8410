/**
 * The second baseline, measured the way the app's reload is: a bare page (a minimal HTML file
 * and this bundle: RxDB + Dexie only, no Angular, no app) served from the app's origin and opened
 * in the same browser profile. From navigation start it opens the bare database
 * (bare-database.ts, the same records as the app's), reads the patient's records with `find()`,
 * turns them into plain objects and draws them as plain list items, marked with the app's test
 * ids so the bench's own watcher (run.ts `watchList`) times it exactly as it times the app:
 * the first item drawn, and the count of the whole list.
 */
import { openBareDatabase } from './bare-database';

/** About a screen of one-line items at 1366×900: what "the first cards" are in the app. */
const FIRST_SCREEN = 50;

async function drawPatientRecords(): Promise<void> {
  const patientId = new URLSearchParams(location.search).get('patient') ?? '';
  const db = await openBareDatabase();
  const records = (await db.collections['documents']!.find({ selector: { patientId } }).exec()).map((doc) => doc.toJSON());
  const count = document.createElement('p');
  count.dataset['testid'] = 'document-count';
  count.textContent = `${records.length} документов`;
  const list = document.createElement('ul');
  for (const record of records.slice(0, FIRST_SCREEN)) {
    const item = document.createElement('li');
    item.dataset['testid'] = 'document';
    item.textContent = `${record.date ?? ''} ${record.type ?? ''} ${record.note ?? ''}`;
    list.append(item);
  }
  document.body.append(count, list);
}

void drawPatientRecords();
