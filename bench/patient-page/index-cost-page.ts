/**
 * Browser side of index-cost.ts (bundled with esbuild): the same 5,000 records written into a
 * fresh RxDB Dexie database as the app's documents collection, without (`plain`, the schema of
 * session 6) and with the device's review-order key and index (`keyed`: the app's storage
 * wrapper, core/db/device-fields-storage.ts); then the whole read and, for `keyed`, a first screen.
 */
import { createRxDatabase } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { CollectionDefinition } from '@oblako/domain';
import { DOCUMENT_DEVICE_FIELDS } from '../../modules/documents/list-key';
import { documentSchema } from '../../modules/documents/schema';
import { deviceSchema, withDeviceFields } from '../../pwa/src/app/core/db/device-fields-storage';

function record(index: number): Record<string, unknown> {
  const date = new Date(Date.UTC(2026, 10, 30) - Math.floor((index * 3 * 86_400_000) / 2)).toISOString().slice(0, 10);
  const at = `${date}T09:00:00.000Z`;
  return {
    id: `patient-1:rec-${String(index).padStart(5, '0')}`, patientId: 'patient-1', type: 'lab', date,
    note: index % 4 === 0 ? `Запись ${index + 1}: контроль после курса лечения` : '',
    files: Array.from({ length: index % 10 === 0 ? 2 : 1 }, (_, page) => ({ fileId: `r${index}p${page}`, name: `Запись ${index + 1}.pdf`, size: 180_000 + index, mime: 'application/pdf', sha256: (index % 16).toString(16).repeat(64) })),
    createdAt: at, updatedAt: at,
    ...(index >= 40 ? { reviewedAt: at, reviewedBy: 'doctor-1' } : {}),
  };
}

// The app's documents collection as a device opens it (modules/documents/index.ts, without its server parts).
const DOCUMENTS_COLLECTION = { name: 'documents', schema: documentSchema, deviceFields: DOCUMENT_DEVICE_FIELDS } as unknown as CollectionDefinition;
let databases = 0;

async function run(kind: 'plain' | 'keyed', count: number): Promise<{ write: number; read: number; first: number }> {
  const definitions = [kind === 'keyed' ? DOCUMENTS_COLLECTION : { ...DOCUMENTS_COLLECTION, deviceFields: undefined }];
  const db = await createRxDatabase({ name: `index-cost-${kind}-${++databases}`, storage: withDeviceFields(getRxStorageDexie(), definitions), multiInstance: false });
  // A fresh database: version 0 (no migration to run), the same fields and indexes.
  await db.addCollections({ documents: { schema: { ...deviceSchema(definitions[0]!), version: 0 } as never } });
  const collection = db.collections['documents']!;
  const records = Array.from({ length: count }, (_, i) => record(i));
  let started = performance.now();
  // Pages of 1,000, as the first sync writes them.
  for (let i = 0; i < count; i += 1000) await collection.bulkInsert(records.slice(i, i + 1000));
  const write = performance.now() - started;
  started = performance.now();
  const all = (await collection.find({ selector: { patientId: 'patient-1' } }).exec()).map((d) => d.toJSON());
  const read = performance.now() - started;
  if (all.length !== count) throw new Error(`read ${all.length}`);
  let first = NaN;
  if (kind === 'keyed') {
    const { readFirst } = await import('../../pwa/src/app/core/db/read-first');
    started = performance.now();
    const screen = await readFirst(collection as never, { patientId: 'patient-1' }, [{ listKey: 'asc' }], 31);
    first = performance.now() - started;
    if (screen.length !== 31) throw new Error(`first screen ${screen.length}`);
  }
  await db.remove();
  return { write, read, first };
}

(globalThis as unknown as { indexCost: { run: typeof run } }).indexCost = { run };
