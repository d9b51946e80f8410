import { partitionOf, type CollectionPolicy, type StoredDoc } from '@oblako/domain';
import type { AssignmentChanges, Seq } from '../access/index';
import { encodeCheckpoint, type Checkpoint, type Since } from './checkpoint';
import type { ChangeLogStore } from './shared-reads';

/** One row of a `_changes` response, as CouchDB writes it. */
export interface ChangeRow {
  seq: string;
  id: string;
  changes: { rev: string }[];
  deleted?: true;
  doc?: StoredDoc;
}

export interface PullOptions {
  /** Visible rows wanted at most (the page size). */
  limit: number;
  style: 'main_only' | 'all_docs';
  includeDocs: boolean;
}

/** Where a viewer's reach follows assignments (a doctor), the log of those assignments. */
export interface AssignmentLog {
  /** The current end of the log. */
  position(): Promise<Seq>;
  /** This viewer's assignment changes after `since`. */
  changes(since: Seq, scanLimit: number): Promise<AssignmentChanges>;
  /**
   * The ids this viewer could read of the patient when their access last ended (see
   * access-snapshots.ts), or null when unknown: then the partition as it is now stands in.
   */
  visibleAtRevocation(patientId: string): Promise<ReadonlySet<string> | null>;
}

export interface PullSource {
  db: ChangeLogStore;
  /** The viewer's rights as they are right now (reads the current assignments). */
  loadPolicy(): Promise<CollectionPolicy>;
  assignments?: AssignmentLog;
}

export interface PullOutcome {
  results: ChangeRow[];
  checkpoint: Checkpoint;
  /** The rights every row was filtered with, for deciding which later changes concern the viewer. */
  policy: CollectionPolicy;
}

const ACCESS_SCAN_LIMIT = 1000;
const MAX_SCAN_BATCH = 2000;

/**
 * One page of changes the viewer may see, up to `limit` rows, never fewer unless the log is
 * exhausted (RxDB stops pulling at the first short page).
 *
 * For a viewer whose reach follows assignments, changes of their assignments since the
 * checkpoint's `a` come first: a patient newly assigned gets their whole partition delivered
 * (documents written before the assignment included), a revoked one gets a bare tombstone for
 * each document the viewer could read when the access ended (never one written after), so the
 * device drops them. Only when that is done are the ordinary
 * changes since `c` read, filtered by the assignments as they are now.
 */
export async function pullChanges(source: PullSource, since: Since, options: PullOptions): Promise<PullOutcome> {
  const { db, assignments } = source;
  if (since.kind === 'now') {
    // The access position first: an assignment made in between is then applied by the next pull.
    const a = assignments ? await assignments.position() : undefined;
    const c = (await db.info()).update_seq;
    return { results: [], checkpoint: checkpointOf(c, a), policy: await source.loadPolicy() };
  }

  const results: ChangeRow[] = [];
  const fromCheckpoint = since.kind === 'checkpoint' && (!assignments || since.checkpoint.a !== undefined);
  if (!fromCheckpoint) {
    // From the beginning with the current scope. The access position is read BEFORE the scope:
    // an assignment that lands in between is then delivered again rather than missed.
    const a = assignments ? await assignments.position() : undefined;
    const policy = await source.loadPolicy();
    return readChangeLog(db, policy, { c: 0, a }, results, options);
  }

  const start = since.checkpoint;
  if (!assignments) {
    return readChangeLog(db, await source.loadPolicy(), { c: start.c }, results, options);
  }
  const applied = await applyAssignmentChanges(source, assignments, start, results, options);
  if (!applied.complete) return { results, checkpoint: applied.checkpoint, policy: applied.policy };
  return readChangeLog(db, applied.policy, applied.checkpoint, results, options);
}

function checkpointOf(c: Seq, a: Seq | undefined, k?: string): Checkpoint {
  return { c, ...(a !== undefined ? { a } : {}), ...(k !== undefined ? { k } : {}) };
}

interface AppliedAssignments {
  complete: boolean;
  checkpoint: Checkpoint;
  policy: CollectionPolicy;
}

/**
 * Delivers the partitions whose assignment changed after `start.a`, one log entry at a time,
 * each partition possibly across pages (`k` marks the last id sent). The assignment state is
 * taken from the current scope, not from the log entry, so an entry already superseded by a
 * later change is never acted on in the wrong direction.
 */
async function applyAssignmentChanges(
  source: PullSource,
  assignments: AssignmentLog,
  start: Checkpoint,
  results: ChangeRow[],
  options: PullOptions,
): Promise<AppliedAssignments> {
  const { c } = start;
  let a = start.a as Seq;
  let k = start.k;
  for (;;) {
    const scan = await assignments.changes(a, ACCESS_SCAN_LIMIT);
    const policy = await source.loadPolicy();
    for (const change of scan.changes) {
      if (results.length >= options.limit) return { complete: false, checkpoint: checkpointOf(c, a), policy };
      const resumeAfter = k !== undefined && partitionOf(k) === change.patientId ? k : undefined;
      const { patientId } = change;
      const page = policy.canReadPartition(patientId)
        ? await readPartition(source.db, policy, patientId, resumeAfter, { c, a }, results, options)
        : await readRevokedPartition(source.db, await assignments.visibleAtRevocation(patientId), policy, patientId, resumeAfter, { c, a }, results, options);
      if (!page.complete) return { complete: false, checkpoint: checkpointOf(c, a, page.lastId), policy };
      a = change.seq;
      k = undefined;
    }
    a = scan.lastSeq;
    k = undefined;
    if (scan.complete) return { complete: true, checkpoint: checkpointOf(c, a), policy };
  }
}

/**
 * The documents of one partition whose visibility changed, from after `resumeAfter`, while
 * the page has room: the documents themselves when the viewer may now read the partition,
 * bare tombstones (`_id`, `_rev`, `_deleted` — nothing else) when they may not. Incomplete
 * only when the page is full, so a page is never short while work remains.
 */
async function readPartition(
  db: ChangeLogStore,
  policy: CollectionPolicy,
  partition: string,
  resumeAfter: string | undefined,
  position: { c: Seq; a: Seq },
  results: ChangeRow[],
  options: PullOptions,
): Promise<{ complete: boolean; lastId?: string }> {
  const readable = policy.canReadPartition(partition);
  let after = resumeAfter;
  for (;;) {
    const room = options.limit - results.length;
    const found = await db.allDocs({
      startkey: after ?? `${partition}:`,
      endkey: `${partition}:\ufff0`,
      include_docs: readable,
      // One more than fits tells whether the partition goes on (plus `after` itself, if present).
      limit: room + (after === undefined ? 1 : 2),
    });
    const rows = found.rows.filter((row) => row.id !== after);
    for (const row of rows) {
      if (results.length === options.limit) return { complete: false, lastId: after };
      after = row.id;
      if (!readable) {
        results.push(bareTombstone(row.id, row.value.rev, position, options));
        continue;
      }
      const seq = encodeCheckpoint(checkpointOf(position.c, position.a, row.id));
      const doc = row.doc as StoredDoc | undefined;
      if (doc && policy.canRead(doc)) results.push({ seq, id: row.id, changes: [{ rev: row.value.rev }], ...(options.includeDocs ? { doc } : {}) });
    }
    if (rows.length <= room) return { complete: true };
  }
}

/**
 * Bare tombstones for the documents of a partition the viewer may no longer read — only those
 * they could read when access ended (`visible`), never one written after: its id and revision
 * would tell a former doctor what the patient did since. Each tombstone carries the document's
 * current revision (a deleted one's too), from after `resumeAfter`, while the page has room.
 * Without a record of what was visible, the partition as it is now stands in.
 */
async function readRevokedPartition(
  db: ChangeLogStore,
  visible: ReadonlySet<string> | null,
  policy: CollectionPolicy,
  partition: string,
  resumeAfter: string | undefined,
  position: { c: Seq; a: Seq },
  results: ChangeRow[],
  options: PullOptions,
): Promise<{ complete: boolean; lastId?: string }> {
  if (!visible) return readPartition(db, policy, partition, resumeAfter, position, results, options);
  const ids = [...visible].filter((id) => partitionOf(id) === partition && (resumeAfter === undefined || id > resumeAfter)).sort();
  let after = resumeAfter;
  for (let start = 0; start < ids.length; ) {
    const room = options.limit - results.length;
    if (room === 0) return { complete: false, lastId: after };
    const keys = ids.slice(start, start + room);
    start += keys.length;
    const found = await db.allDocs({ keys });
    for (const row of found.rows) {
      after = row.key;
      if (!('value' in row) || !row.value) continue; // purged since: nothing to drop it by
      results.push(bareTombstone(row.key, row.value.rev, position, options));
    }
  }
  return { complete: true };
}

/** What a viewer who lost access gets for a document: `_id`, `_rev`, `_deleted` — nothing else. */
function bareTombstone(id: string, rev: string, position: { c: Seq; a: Seq }, options: PullOptions): ChangeRow {
  const seq = encodeCheckpoint(checkpointOf(position.c, position.a, id));
  const tombstone: StoredDoc = { _id: id, _rev: rev, _deleted: true };
  return { seq, id, changes: [{ rev }], deleted: true, ...(options.includeDocs ? { doc: tombstone } : {}) };
}

/**
 * The ordinary change log after `position.c`, filtered by the policy. Reads in growing batches
 * (a patient may own a tiny share of a large log) and stops at the last row it returns, so the
 * rows it read but did not return are read again next time rather than skipped.
 */
async function readChangeLog(
  db: ChangeLogStore,
  policy: CollectionPolicy,
  position: { c: Seq; a?: Seq },
  results: ChangeRow[],
  options: PullOptions,
): Promise<PullOutcome> {
  const { a } = position;
  let cursor = position.c;
  let batchSize = options.limit;
  while (results.length < options.limit) {
    const batch = await db.changes({
      since: cursor as number,
      limit: batchSize,
      include_docs: true,
      style: options.style,
      return_docs: true,
    });
    for (const row of batch.results) {
      const doc = row.doc as StoredDoc | undefined;
      if (!policy.canReadId(row.id) || (doc && !policy.canRead(doc))) continue;
      results.push({
        seq: encodeCheckpoint(checkpointOf(row.seq, a)),
        id: row.id,
        changes: row.changes,
        ...(row.deleted ? { deleted: true as const } : {}),
        ...(options.includeDocs && doc ? { doc } : {}),
      });
      if (results.length === options.limit) return { results, checkpoint: checkpointOf(row.seq, a), policy };
    }
    cursor = batch.last_seq;
    if (batch.results.length < batchSize) break;
    batchSize = Math.min(MAX_SCAN_BATCH, batchSize * 4);
  }
  return { results, checkpoint: checkpointOf(cursor, a), policy };
}
