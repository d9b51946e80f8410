import { DOC_ID_PATTERN } from '@oblako/domain';
import type { Seq } from '../access/index';

/**
 * Where a device stands in one collection, as the `since` / `last_seq` string it keeps:
 * - `c`: position in the collection database's change log;
 * - `a`: position in the access log up to which assignment changes have been applied
 *   (only for viewers whose reach follows assignments);
 * - `k`: while a newly visible (or revoked) patient's documents are being delivered across
 *   several pages, the last document id already sent.
 * - `e`: the store's epoch (epoch.ts) in the `last_seq` of an answer: a checkpoint of another
 *   epoch (a store restored from a backup) starts over from the beginning.
 * It is only a position, never a capability: every row is filtered by the viewer's current
 * rights, so a forged checkpoint can at most make the server send allowed rows again.
 */
export interface Checkpoint {
  c: Seq;
  a?: Seq;
  k?: string;
  e?: string;
}

const EPOCH = /^[A-Za-z0-9-]{1,64}$/;

const ENCODED = /^[A-Za-z0-9_-]{1,4096}$/;
const MAX_SEQ_LENGTH = 2048;

export function encodeCheckpoint(checkpoint: Checkpoint): string {
  return Buffer.from(JSON.stringify(checkpoint)).toString('base64url');
}

/** The checkpoint in a `since` value, or null when it is not one we issued. */
export function decodeCheckpoint(value: string): Checkpoint | null {
  if (!ENCODED.test(value)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const { c, a, k, e, ...rest } = parsed as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || !isSeq(c)) return null;
  if (a !== undefined && !isSeq(a)) return null;
  if (k !== undefined && (typeof k !== 'string' || !DOC_ID_PATTERN.test(k))) return null;
  if (e !== undefined && (typeof e !== 'string' || !EPOCH.test(e))) return null;
  return { c, ...(a !== undefined ? { a } : {}), ...(k !== undefined ? { k } : {}), ...(e !== undefined ? { e } : {}) };
}

function isSeq(value: unknown): value is Seq {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0;
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_SEQ_LENGTH;
}

/** What a `since` parameter asks for. */
export type Since = { kind: 'start' } | { kind: 'now' } | { kind: 'checkpoint'; checkpoint: Checkpoint };

/** What `value` asks of a store whose epoch is `epoch`: another epoch's position means the start. */
export function parseSince(value: string | undefined, epoch: string): Since | null {
  if (value === undefined || value === '0') return { kind: 'start' };
  if (value === 'now') return { kind: 'now' };
  const checkpoint = decodeCheckpoint(value);
  if (!checkpoint) return null;
  if (checkpoint.e !== undefined && checkpoint.e !== epoch) return { kind: 'start' };
  return { kind: 'checkpoint', checkpoint };
}

/**
 * Whether `seq` can be a position of a change log whose end is `end` (what `info().update_seq`
 * says now): the same kind as the store's own positions and not beyond the end. A position that
 * fails this was never issued by this server for this log (or the store was restored from an
 * older backup): reading from it would echo it back as `last_seq` and leave the device waiting
 * for a position that does not exist, so it is refused (400) instead. The embedded store counts
 * with numbers, so "beyond the end" is exact; CouchDB's `<n>-<opaque>` strings are only checked
 * for their form (a cluster's nodes may momentarily disagree on the end; CouchDB itself answers
 * 400 to an opaque part it cannot read).
 */
export function isPositionIn(seq: Seq, end: Seq): boolean {
  if (typeof end === 'number') return typeof seq === 'number' && seq <= end;
  return typeof seq === 'string' && COUCH_SEQ.test(seq);
}

const COUCH_SEQ = /^\d{1,20}-[A-Za-z0-9_-]+$/;
