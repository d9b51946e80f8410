/** PouchDB reports "no such document" as status 404 and a lost optimistic-lock race as 409. */
export function statusOf(error: unknown): number | undefined {
  return (error as { status?: number } | null)?.status;
}

export async function getOrNull<T>(db: PouchDB.Database, id: string): Promise<(T & PouchDB.Core.GetMeta & PouchDB.Core.IdMeta) | null> {
  try {
    return (await db.get(id)) as unknown as T & PouchDB.Core.GetMeta & PouchDB.Core.IdMeta;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

/** Puts a document; false if the id is already taken (or the _rev is stale). */
export async function putUnlessConflict<T extends { _id: string; _rev?: string }>(db: PouchDB.Database, doc: T): Promise<boolean> {
  try {
    await db.put(doc as PouchDB.Core.PutDocument<object>);
    return true;
  } catch (error) {
    if (statusOf(error) === 409) return false;
    throw error;
  }
}
