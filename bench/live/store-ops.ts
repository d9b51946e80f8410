/**
 * BENCH_STORE_OPS: counts the store calls (PouchDB's public methods) per database between two
 * reads — which reads and writes a round costs, and for which database. Bench-only: patches
 * PouchDB's prototype in the server's process before anything is opened.
 */
import PouchDB from 'pouchdb-node';

const METHODS = ['get', 'allDocs', 'bulkDocs', 'put', 'changes', 'info'] as const;
const counts = new Map<string, number>();

export function countStoreOps(): void {
  const proto = PouchDB.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of METHODS) {
    const original = proto[method]!;
    proto[method] = function (this: { name: string }, ...args: unknown[]) {
      const live = method === 'changes' && (args[0] as { live?: boolean } | undefined)?.live ? ' live' : '';
      const key = `${this.name.replace(/.*[/\\]/, '')} ${method}${live}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return original.apply(this, args);
    };
  }
}

/** The calls since the last call of this, most first; resets the counts. */
export function storeOpsSinceLast(): string {
  const lines = [...counts].sort((a, b) => b[1] - a[1]).map(([key, count]) => `${String(count).padStart(7)} ${key}`);
  counts.clear();
  return lines.join('\n');
}
