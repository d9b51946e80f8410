import type { Transaction } from 'dexie';
import { getQueryMatcher, getSortComparator, type DexieSettings, type DexieStorageInternals, type PreparedQuery, type RxDocumentData, type RxJsonSchema, type RxStorageInstanceCreationParams, type RxStorageQueryResult } from 'rxdb';
import {
  DEXIE_DOCS_TABLE_NAME,
  RxStorageDexie,
  dexieReplaceIfStartsWithPipe,
  fromDexieToStorage,
  getKeyRangeByQueryPlan,
  type RxStorageInstanceDexie,
} from 'rxdb/plugins/storage-dexie';

type Query = PreparedQuery<unknown>;

/** A device flag (localStorage) that keeps RxDB's cursor for every query: for bench:page's before/after only. */
export const CURSOR_READS_KEY = 'oblako:cursor-reads';

/**
 * RxDB's Dexie storage, except that a query which must read its whole index range (no limit, or
 * an order the index does not give) reads it with ONE IndexedDB request (`getAll`) instead of a
 * cursor step per record.
 *
 * Why: RxDB's Dexie query walks an IndexedDB cursor, and every `continue()` is a round trip to
 * the browser's storage process. A doctor's page reads a patient's 5,000 records: as 5,000 round
 * trips that was most of a reload's wait (bench/README.md, bench:page), and more so when the
 * machine is busy; one `getAll` of the same range brings the same records in one go. What the
 * query returns is unchanged: the same index, the same key range, the same matcher, order, skip
 * and limit as RxDB's own `dexieQuery` (whole-range-reads.spec.ts compares both). Queries that
 * stop early (a limit the index order satisfies: the replication's batches, "the newest N") keep
 * RxDB's cursor, which stops at the limit.
 */
export class WholeRangeDexieStorage extends RxStorageDexie {
  override async createStorageInstance<RxDocType>(params: RxStorageInstanceCreationParams<RxDocType, DexieSettings>): Promise<RxStorageInstanceDexie<RxDocType>> {
    const instance = await super.createStorageInstance(params);
    if (globalThis.localStorage?.getItem(CURSOR_READS_KEY) === 'yes') return instance;
    const cursorQuery = instance.query.bind(instance);
    instance.query = (preparedQuery) =>
      // A closed instance: RxDB's own query says so (it throws).
      readsWholeRange(preparedQuery as Query) && !instance.closed
        ? (queryWholeRange(instance as RxStorageInstanceDexie<unknown>, preparedQuery as Query) as Promise<RxStorageQueryResult<RxDocType>>)
        : cursorQuery(preparedQuery);
    return instance;
  }
}

/** RxDB's cursor would read the whole range anyway: no limit, or the index does not give the order. */
export function readsWholeRange(preparedQuery: Query): boolean {
  const { query, queryPlan } = preparedQuery;
  const bounded = typeof query.limit === 'number';
  return !bounded || !queryPlan.sortSatisfiedByIndex;
}

/** RxDB's `dexieQuery` (storage-dexie/dexie-query.ts), with `getAll` for its cursor. */
async function queryWholeRange(instance: RxStorageInstanceDexie<unknown>, preparedQuery: Query): Promise<RxStorageQueryResult<unknown>> {
  const state = await (instance.internals as DexieStorageInternals);
  const { query, queryPlan } = preparedQuery;
  const skip = query.skip ? query.skip : 0;
  const limit = typeof query.limit === 'number' ? query.limit : Infinity;
  const matcher = queryPlan.selectorSatisfiedByIndex ? null : getQueryMatcher(instance.schema as RxJsonSchema<never>, query as never);
  let keyRange: IDBKeyRange;
  try {
    keyRange = getKeyRangeByQueryPlan(state.booleanIndexes, queryPlan, state.dexieDb._options.IDBKeyRange);
  } catch (error) {
    // As RxDB: a range IndexedDB cannot express matches nothing.
    if ((error as Error).name === 'DataError') return { documents: [] };
    throw error;
  }
  const indexName = `[${queryPlan.index.map((field) => dexieReplaceIfStartsWithPipe(field)).join('+')}]`;
  let stored: unknown[] = [];
  await state.dexieDb.transaction('r', state.dexieTable, async (dexieTransaction: Transaction) => {
    const request = dexieTransaction.idbtrans.objectStore(DEXIE_DOCS_TABLE_NAME).index(indexName).getAll(keyRange);
    stored = await new Promise<unknown[]>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  });
  let rows: RxDocumentData<unknown>[] = [];
  for (const value of stored) {
    const document = fromDexieToStorage(state.booleanIndexes, value);
    if (!matcher || matcher(document as never)) rows.push(document);
  }
  if (!queryPlan.sortSatisfiedByIndex) rows = rows.sort(getSortComparator(instance.schema as RxJsonSchema<never>, query as never) as (a: unknown, b: unknown) => number);
  return { documents: rows.slice(skip, skip + limit) };
}
