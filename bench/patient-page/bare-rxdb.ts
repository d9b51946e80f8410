/**
 * Browser side of the baseline (bundled by run.ts with esbuild, added to the app's page): a bare
 * RxDB database on Dexie — no app, no Angular — holding the same 5,000 records, and the time of
 * one `find()` of them from a freshly opened database (as a reload would have to).
 */
import { openBareDatabase as open } from './bare-database';

const bare = {
  /** Writes the records once (skipped when they are already there). */
  async seed(records: Record<string, unknown>[]): Promise<number> {
    const db = await open();
    const collection = db.collections['documents']!;
    if ((await collection.count().exec()) !== records.length) await collection.bulkUpsert(records);
    const count = await collection.count().exec();
    await db.close();
    return count;
  },
  /** Opens the database and reads every record of the patient: milliseconds and how many. */
  async find(patientId: string): Promise<{ ms: number; count: number }> {
    const started = performance.now();
    const db = await open();
    const docs = await db.collections['documents']!.find({ selector: { patientId } }).exec();
    const json = docs.map((doc) => doc.toJSON());
    const ms = performance.now() - started;
    await db.close();
    return { ms, count: json.length };
  },
};

(globalThis as unknown as { bareRxdb: typeof bare }).bareRxdb = bare;
