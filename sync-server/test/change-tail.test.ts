import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import PouchDB from 'pouchdb-node';
import { ChangeTail } from '../src/plugins/replication/change-tail';

const silent = { warn: () => {} } as unknown as FastifyBaseLogger;

/**
 * The recent changes kept in memory answer exactly what the store's own one-shot `changes()`
 * answers (include_docs, style all_docs) from every position and page size, once the feed has
 * seen the store's changes — creations, edits of the same document, deletions, conflicts — and
 * for one partition exactly the store's rows of that partition.
 */
describe('ChangeTail: the feed-kept recent changes equal the store read', () => {
  let dir: string;
  let db: PouchDB.Database;
  let tail: ChangeTail;
  /** Keeps only the last 8–16 changes: positions before them are left to the store. */
  let short: ChangeTail;
  const seen: string[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oblako-change-tail-'));
    db = new PouchDB(join(dir, 'records'));
    await db.put({ _id: 'before:1', note: 'written before the feed started' });
    tail = new ChangeTail(db, (id) => seen.push(id), silent);
    await tail.begin();
    short = new ChangeTail(db, () => {}, silent, 8);
    await short.begin();
  });
  after(async () => {
    tail.stop();
    short.stop();
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  const waitUntilCaughtUp = async () => {
    const { update_seq } = await db.info();
    while (!tail.hasCaughtUp(update_seq) || !short.hasCaughtUp(update_seq)) await new Promise((resolve) => setImmediate(resolve));
  };

  test('every since and limit, whole log and per partition', async () => {
    const start = (await db.info()).update_seq as number;
    // Partitions are user ids: what partitionOf accepts (six characters at least).
    const partitions = ['patient-alice', 'patient-bob', 'patient-carol'];
    // A deterministic mix: new documents, edits (the same document changes again later), deletions.
    for (let step = 0; step < 60; step++) {
      const partition = partitions[step % 3]!;
      const id = `${partition}:doc-${step % 7}`;
      const current = await db.get(id).catch(() => null);
      if (current && step % 5 === 0) await db.remove(current);
      else await db.put({ _id: id, ...(current && !('_deleted' in current) ? { _rev: current._rev } : {}), step });
    }
    // A bulk write, and a conflict (a second leaf) as replication may leave one.
    await db.bulkDocs(partitions.map((partition) => ({ _id: `${partition}:bulk`, step: 'bulk' })));
    await db.bulkDocs([{ _id: 'patient-alice:bulk', _rev: '1-ffffffffffffffffffffffffffffffff', step: 'conflict' }], { new_edits: false });
    await waitUntilCaughtUp();
    const end = (await db.info()).update_seq as number;
    assert.ok(seen.length > 0 && !seen.includes('before:1'), 'the feed reports only what came after it started');

    for (let since = start; since <= end; since++) {
      for (const limit of [1, 3, 10, 1000]) {
        const stored = await db.changes({ since, limit, include_docs: true, style: 'all_docs', return_docs: true });
        const kept = tail.read(since, limit);
        assert.ok(kept, `served from since ${since}`);
        assert.deepEqual(strip(kept.results), strip(stored.results), `rows since ${since}, limit ${limit}`);
        assert.equal(kept.last_seq, stored.last_seq, `last_seq since ${since}, limit ${limit}`);
        for (const partition of partitions) {
          const own = tail.read(since, limit, partition)!;
          const all = await db.changes({ since, include_docs: true, style: 'all_docs', return_docs: true });
          const expected = all.results.filter((row) => row.id.startsWith(`${partition}:`)).slice(0, limit);
          assert.deepEqual(strip(own.results), strip(expected), `${partition} since ${since}, limit ${limit}`);
        }
      }
    }
    assert.equal(tail.read(start - 1, 10), null, 'a position before the feed started is left to the store');
    // The short one dropped its oldest changes: from where it still holds them, the store's answer.
    let served = 0;
    for (let since = start; since <= end; since++) {
      const kept = short.read(since, 5);
      if (!kept) continue;
      served++;
      const stored = await db.changes({ since, limit: 5, include_docs: true, style: 'all_docs', return_docs: true });
      assert.deepEqual(strip(kept.results), strip(stored.results), `trimmed: rows since ${since}`);
    }
    assert.ok(served >= 8 && served <= 17, `the trimmed window serves its last 8–16 positions (${served})`);
    assert.equal(short.read(start, 5), null, 'and leaves older positions to the store');
    assert.equal(tail.read(end + 1, 10), null, 'a position the feed has not reached is left to the store');
  });
});

/**
 * A burst (one write of many documents) is read in ranges at once, not row by row: what the
 * tail holds and reports must still be exactly the store's log — every document once, at its
 * latest change, in order — with edits landing during the catch-up and a second burst after it.
 */
describe('ChangeTail: a burst read in ranges equals the store read', () => {
  let dir: string;
  let db: PouchDB.Database;
  let tail: ChangeTail;
  const seen: string[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oblako-change-tail-burst-'));
    db = new PouchDB(join(dir, 'records'));
    tail = new ChangeTail(db, (id) => seen.push(id), silent);
    await tail.begin();
  });
  after(async () => {
    tail.stop();
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('1,000 documents at once, edits during the catch-up, then another burst', async () => {
    const start = (await db.info()).update_seq as number;
    const partitions = Array.from({ length: 40 }, (_, index) => `patient-${String(index).padStart(3, '0')}`);
    const written = await db.bulkDocs(Array.from({ length: 1000 }, (_, index) => ({ _id: `${partitions[index % 40]}:notice-${index}`, index })));
    // Edits while the tail reads the burst: some of the burst's documents change again (their
    // burst rows are superseded), one is deleted, and new ones come.
    const edits = written.slice(0, 200).filter((_, index) => index % 7 === 0) as PouchDB.Core.Response[];
    await db.bulkDocs(edits.map((row, index) => (index === 0 ? { _id: row.id, _rev: row.rev, _deleted: true } : { _id: row.id, _rev: row.rev, edited: true })));
    await db.bulkDocs(Array.from({ length: 300 }, (_, index) => ({ _id: `${partitions[index % 40]}:later-${index}`, index })));
    for (let step = 0; step < 5; step++) await db.put({ _id: `${partitions[step]}:single-${step}`, step });

    const end = (await db.info()).update_seq as number;
    while (!tail.hasCaughtUp(end)) await new Promise((resolve) => setImmediate(resolve));

    const all = await db.changes({ since: start, include_docs: true, style: 'all_docs', return_docs: true });
    assert.equal(all.results.length, 1305, 'the store holds every document once');
    // Reported in the log's order, each document's latest change once (a superseded row is not reported).
    assert.deepEqual(seen.filter((id) => all.results.some((row) => row.id === id)).length, seen.length, 'nothing reported that the store does not hold');
    const lastReport = new Map(seen.map((id, index) => [id, index]));
    assert.deepEqual([...lastReport.keys()].sort((a, b) => lastReport.get(a)! - lastReport.get(b)!), all.results.map((row) => row.id), 'every document reported, in the order of its latest change');
    for (const since of [start, start + 1, start + 63, start + 64, start + 500, start + 999, start + 1000, start + 1100, end - 3, end]) {
      for (const limit of [1, 100, 5000]) {
        const stored = await db.changes({ since, limit, include_docs: true, style: 'all_docs', return_docs: true });
        const kept = tail.read(since, limit);
        assert.ok(kept, `served from since ${since}`);
        assert.deepEqual(strip(kept.results), strip(stored.results), `rows since ${since}, limit ${limit}`);
        for (const partition of [partitions[0]!, partitions[39]!]) {
          const own = tail.read(since, limit, partition)!;
          const expected = all.results.filter((row) => (row.seq as number) > since && row.id.startsWith(`${partition}:`)).slice(0, limit);
          assert.deepEqual(strip(own.results), strip(expected), `${partition} since ${since}, limit ${limit}`);
        }
      }
    }
  });
});

/** The fields a pull reads, leaf revisions in a stable order. */
function strip(rows: ReadonlyArray<PouchDB.Core.ChangesResponseChange<object>>) {
  return rows.map((row) => ({
    id: row.id, seq: row.seq, deleted: row.deleted === true, doc: row.doc,
    changes: row.changes.map((change) => change.rev).sort(),
  }));
}
