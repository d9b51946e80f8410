/**
 * bench:browser `dexieIndexed`: the fetch + Dexie baseline into a table with exactly the indexes
 * RxDB's Dexie storage gives the app's documents table (its own `getDexieStoreSchema` of the
 * device schema: the primary key, `[_deleted+id]`, `[_deleted+patientId+listKey+id]`,
 * `[_meta.lwt+id]`, `_meta.lwt`), each record carrying the fields those indexes read (as RxDB
 * stores them: `_deleted` as '0', `_meta.lwt`, the list key), so IndexedDB maintains every index
 * entry the app's table has. The database is opened before the clock starts, as in fetchDexie.
 */
import Dexie from 'dexie';
import { fillWithDefaultSettings, type RxJsonSchema } from 'rxdb';
import { getDexieStoreSchema } from 'rxdb/plugins/storage-dexie';
import { deviceSchema } from '../../../pwa/src/app/core/db/device-fields-storage';
import { DOCUMENTS_ON_DEVICE } from './documents-definition';

const PAGE = 1000;

(window as unknown as { runBaseline: (token: string) => Promise<unknown> }).runBaseline = async (token: string) => {
  const tableSchema = getDexieStoreSchema(fillWithDefaultSettings(deviceSchema(DOCUMENTS_ON_DEVICE) as unknown as RxJsonSchema<unknown>));
  const db = new Dexie('bench-indexed');
  db.version(1).stores({ docs: tableSchema });
  await db.open();
  const compute = DOCUMENTS_ON_DEVICE.deviceFields!.compute;
  const started = performance.now();
  const docs: Record<string, unknown>[] = [];
  let since = '0';
  for (;;) {
    const response = await fetch(`/sync/documents/_changes?style=all_docs&include_docs=true&limit=${PAGE}&since=${encodeURIComponent(since)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`_changes answered ${response.status}`);
    const page = (await response.json()) as { results: { doc?: Record<string, unknown> }[]; last_seq: string };
    const lwt = Date.now();
    for (const row of page.results) {
      if (!row.doc) continue;
      const doc: Record<string, unknown> = { id: row.doc['_id'] };
      for (const key in row.doc) if (key !== '_id') doc[key] = row.doc[key];
      docs.push(Object.assign(doc, { _deleted: '0', _meta: { lwt } }, compute(doc)));
    }
    since = page.last_seq;
    if (page.results.length < PAGE) break;
  }
  await db.table('docs').bulkPut(docs);
  const ms = performance.now() - started;
  const stored = await db.table('docs').count();
  db.close();
  return { ms, stored, detail: `table ${tableSchema}` };
};
