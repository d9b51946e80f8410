/**
 * The server revision each document of this device is known to be at, learned from the
 * device's own writes (the revision `_bulk_docs` answered) and from the server versions it
 * settled on after a conflict; and the content of its last confirmed write, so the next edit
 * can name the revision it builds on. In memory, per signed-in database.
 *
 * Why it exists: a pull page is computed by the server at one moment and applied by RxDB
 * later. When the device pushed a newer version in between, that page carries an older
 * revision of a document the device already moved past. The server accepts a write only on
 * the exact current `_rev`, so each document's history is a line and revision generations
 * (`<n>-<hash>`) order its versions: a pulled version whose generation is below the one
 * known here is stale and must not overwrite the local copy (see conflict-handler.ts).
 *
 * In memory is enough: a stale page can only be one computed before a write this session
 * made. After a reload every page is computed after the reload, and a write whose answer was
 * lost with the old page is settled by the push's own conflict check.
 */
export class KnownRevisions {
  private readonly revisions = new Map<string, string>();
  /** The last write of each document the server confirmed: its revision and content. */
  private readonly written = new Map<string, { rev: string; content: Readonly<Record<string, unknown>> }>();

  /** The server stored `content` as `rev` (this device's write). */
  acknowledge(collection: string, id: string, rev: string, content: Readonly<Record<string, unknown>>): void {
    this.written.set(keyOf(collection, id), { rev, content });
    this.learn(collection, id, rev);
  }

  /**
   * This device's last confirmed write of the document when it is newer than `assumed` (what
   * RxDB remembers the server holds): the version a new edit of it builds on. RxDB remembers a
   * pushed version without its revision, and after a write whose answer was lost and sent again
   * after a reload (see UnansweredWrites) RxDB still remembers the version before it.
   */
  newerWrite(collection: string, id: string, assumed: Readonly<Record<string, unknown>> | undefined): { rev: string; content: Readonly<Record<string, unknown>> } | undefined {
    const written = this.written.get(keyOf(collection, id));
    if (!written) return undefined;
    const assumedGeneration = revisionGeneration(assumed?.['_rev']);
    if (assumedGeneration === null) return written;
    return revisionGeneration(written.rev)! > assumedGeneration ? written : undefined;
  }

  /** Remembers `rev` for the document unless a newer revision is already known. */
  learn(collection: string, id: string, rev: string | undefined): void {
    const generation = revisionGeneration(rev);
    if (generation === null) return;
    const key = keyOf(collection, id);
    const known = revisionGeneration(this.revisions.get(key));
    if (known === null || generation > known) this.revisions.set(key, rev!);
  }

  /** The newest revision known for the document, if any. */
  newest(collection: string, id: string): string | undefined {
    return this.revisions.get(keyOf(collection, id));
  }

  /** True when `rev` is older than a revision this device already knows the document at. */
  supersedes(collection: string, id: string, rev: unknown): boolean {
    const generation = revisionGeneration(rev);
    const known = revisionGeneration(this.revisions.get(keyOf(collection, id)));
    return generation !== null && known !== null && generation < known;
  }
}

/** The generation of a CouchDB revision (`3-abc…` → 3), or null for anything else. */
export function revisionGeneration(rev: unknown): number | null {
  if (typeof rev !== 'string') return null;
  const dash = rev.indexOf('-');
  if (dash <= 0) return null;
  const generation = Number(rev.slice(0, dash));
  return Number.isSafeInteger(generation) && generation > 0 ? generation : null;
}

function keyOf(collection: string, id: string): string {
  return `${collection}\u0000${id}`;
}

