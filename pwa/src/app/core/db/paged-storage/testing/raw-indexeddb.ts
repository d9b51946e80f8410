import { pagedDatabaseName } from '../names';

/**
 * The paged storage's IndexedDB database read raw, past the storage's own code: what is on the
 * disk, not what the storage says is there.
 */
export interface OnDisk {
  /** The log records, in sequence order. */
  log: { instance: string; docs: Record<string, unknown>[] }[];
  /** The compacted pages, by key `[instance, page]`. */
  pages: { key: [string, number]; docs: Record<string, unknown>[] }[];
}

export async function readOnDisk(databaseName: string): Promise<OnDisk> {
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const opening = indexedDB.open(pagedDatabaseName(databaseName));
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error);
  });
  try {
    const transaction = idb.transaction(['log', 'pages'], 'readonly');
    const [log, pageKeys, pages] = await Promise.all([
      request(transaction.objectStore('log').getAll()),
      request(transaction.objectStore('pages').getAllKeys()),
      request(transaction.objectStore('pages').getAll()),
    ]);
    return {
      log: log as OnDisk['log'],
      pages: (pages as { docs: Record<string, unknown>[] }[]).map((page, index) => ({ key: pageKeys[index] as [string, number], docs: page.docs })),
    };
  } finally {
    idb.close();
  }
}

/** The IndexedDB databases this origin has whose name contains `part`. */
export async function databasesNamed(part: string): Promise<string[]> {
  return (await indexedDB.databases()).flatMap((database) => (database.name?.includes(part) ? [database.name] : []));
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}
