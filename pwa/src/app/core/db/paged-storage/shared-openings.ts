/**
 * Things opened once per key in this tab and shared by every user of that key (a paged
 * database, an instance's memory state). The users are counted synchronously, so a close and an
 * open of the same key cannot cross: a key whose last user let go is opened anew by the next.
 */
export class SharedOpenings<T> {
  private readonly entries = new Map<string, { opening: Promise<T>; users: number }>();

  /** The key's opening, started by `open` when nobody has it; counts one user until `release`. A failed opening is forgotten. */
  async use(key: string, open: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key);
    if (!entry) {
      const created = { opening: open(), users: 0 };
      created.opening.catch(() => this.entries.get(key) === created && this.entries.delete(key));
      this.entries.set(key, (entry = created));
    }
    entry.users++;
    try {
      return await entry.opening;
    } catch (error) {
      entry.users--;
      throw error;
    }
  }

  /** One user of `key` lets go; its opening when that was the last (the caller closes what it opened), else null. */
  release(key: string): Promise<T> | null {
    const entry = this.entries.get(key);
    if (!entry || --entry.users > 0) return null;
    this.entries.delete(key);
    return entry.opening;
  }
}
