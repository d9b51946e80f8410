import { normalizeMangoQuery, prepareQuery, type MangoQuerySelector, type RxCollection } from 'rxdb';
import { plainDocument } from './plain-document';

type Doc = Record<string, unknown>;

/**
 * The first `limit` documents of a query in its sort order, read once from the storage. For a
 * long list's first screen: with an index that gives the sort (e.g. documents' device-only review
 * key, core/db/device-fields-storage.ts) IndexedDB's cursor stops after `limit` records.
 *
 * Why the storage and not `collection.find().exec()`: RxDB keeps its query objects and brings a
 * kept one up to date from the change events in memory (event-reduce), sorting by the documents'
 * fields — and a device-only sort key is not in the documents RxDB holds (the storage removes it
 * on the way up). A read from the storage is always sorted by IndexedDB itself.
 */
export async function readFirst<T>(collection: RxCollection<Doc>, selector: MangoQuerySelector<Doc>, sort: readonly Readonly<Record<string, 'asc' | 'desc'>>[], limit: number): Promise<T[]> {
  const schema = collection.schema.jsonSchema;
  // What RxQuery does for every query: the deleted are never answered.
  const query = normalizeMangoQuery<Doc>(schema, { selector, sort: sort as never, limit });
  (query.selector as Record<string, unknown>)['_deleted'] = { $eq: false };
  if (query.index) query.index.unshift('_deleted');
  const { documents } = await collection.storageInstance.query(prepareQuery(schema, query));
  return documents.map((stored) => plainDocument<T>(stored as Doc));
}
