import { deepEqual, type StoredDoc } from '@oblako/domain';

type WithRevisions = StoredDoc & { _revisions?: { start: number; ids: string[] } };

/**
 * A write sent again because its answer never reached the device (the link dropped after the
 * store had it): the same content on top of the same revision. The store's history is a line
 * (a write is accepted only on the exact current revision), so exactly one revision was ever
 * written on top of `doc._rev`; when that revision holds exactly this content, the write is
 * already in and its revision is the answer — as CouchDB answers a replicated revision it
 * already has. Anything else (another writer came first, or compaction removed the old body)
 * stays a conflict for the device to merge.
 *
 * Returns the revision the write got the first time, or null.
 */
export async function revisionOfReplayedWrite(db: PouchDB.Database, doc: StoredDoc): Promise<string | null> {
  const base = doc._rev;
  const baseGeneration = base === undefined ? 0 : generationOf(base);
  if (baseGeneration === null) return null;
  let current: WithRevisions;
  try {
    current = (await db.get(doc._id, { revs: true })) as unknown as WithRevisions;
  } catch {
    return null;
  }
  const history = current._revisions;
  if (!history) return null;
  // ids are newest first: generation g sits at index start - g.
  const childIndex = history.start - (baseGeneration + 1);
  if (childIndex < 0 || childIndex >= history.ids.length) return null;
  if (base !== undefined && `${baseGeneration}-${history.ids[childIndex + 1]}` !== base) return null;
  const childRev = `${baseGeneration + 1}-${history.ids[childIndex]}`;
  let written: StoredDoc;
  try {
    written = childRev === current._rev ? current : ((await db.get(doc._id, { rev: childRev })) as unknown as StoredDoc);
  } catch {
    return null; // compacted away: it cannot be told any more
  }
  return deepEqual(content(written), content(doc)) ? childRev : null;
}

function content(doc: StoredDoc): Record<string, unknown> {
  const { _rev: _r, _revisions: _h, ...rest } = doc as WithRevisions;
  if (rest._deleted === false) delete rest._deleted;
  return rest;
}

function generationOf(rev: string): number | null {
  const generation = Number(rev.slice(0, rev.indexOf('-')));
  return Number.isSafeInteger(generation) && generation > 0 ? generation : null;
}
