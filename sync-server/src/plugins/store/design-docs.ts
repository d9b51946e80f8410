import { isDeepStrictEqual } from 'node:util';
import { getOrNull } from './single';

export type DesignDoc = { _id: `_design/${string}`; [key: string]: unknown };
export type DeployResult = 'created' | 'updated' | 'unchanged';

const MAX_ATTEMPTS = 5;

/**
 * Creates or updates a design document only when its content differs, so restarting is free and
 * does not rebuild views. Two instances starting at once may race: a 409 means the other one
 * wrote first, so we re-read and compare again instead of failing.
 */
export async function deployDesignDoc(db: PouchDB.Database, doc: DesignDoc): Promise<DeployResult> {
  for (let attempt = 1; ; attempt++) {
    const existing = await getOrNull<Record<string, unknown>>(db, doc._id);
    if (existing && sameContent(existing, doc)) return 'unchanged';
    try {
      await db.put({ ...doc, ...(existing ? { _rev: existing._rev } : {}) } as PouchDB.Core.PutDocument<object>);
      return existing ? 'updated' : 'created';
    } catch (error) {
      if ((error as { status?: number }).status !== 409 || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}


function sameContent(existing: Record<string, unknown>, wanted: DesignDoc): boolean {
  const { _rev: _ignored, ...content } = existing;
  return isDeepStrictEqual(content, { ...wanted });
}
