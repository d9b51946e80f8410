/**
 * The baselines' database: a bare RxDB 17.6 Dexie database (no app, no Angular) holding the same
 * records as the app's, under its own name in the same origin. Shared by the in-page `find()`
 * baseline (bare-rxdb.ts) and the bare page (bare-page.ts).
 */
import { createRxDatabase, type RxDatabase } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';

const NAME = 'bench-bare-rxdb';
const schema = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 170 },
    patientId: { type: 'string', maxLength: 64 },
    type: { type: 'string' },
    date: { type: 'string' },
    note: { type: 'string' },
    files: { type: 'array' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    reviewedAt: { type: 'string' },
    reviewedBy: { type: 'string' },
  },
  required: ['id', 'patientId'],
} as const;

export async function openBareDatabase(): Promise<RxDatabase> {
  const db = await createRxDatabase({ name: NAME, storage: getRxStorageDexie(), multiInstance: false });
  await db.addCollections({ documents: { schema } });
  return db;
}
