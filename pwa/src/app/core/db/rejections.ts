/**
 * Writes the server refused in this session, by collection and id. The replication's fetch
 * wrapper marks them; the conflict handler takes them to settle on the server's version (the
 * attempted content is already kept in a notice) instead of pushing the same write forever.
 */
export class RejectionRegistry {
  private readonly reasons = new Map<string, string>();

  mark(collection: string, id: string, reason: string): void {
    this.reasons.set(key(collection, id), reason);
  }

  has(collection: string, id: string): boolean {
    return this.reasons.has(key(collection, id));
  }

  /** The reason, removing the mark. */
  take(collection: string, id: string): string | undefined {
    const k = key(collection, id);
    const reason = this.reasons.get(k);
    this.reasons.delete(k);
    return reason;
  }
}

function key(collection: string, id: string): string {
  return `${collection}\u0000${id}`;
}
