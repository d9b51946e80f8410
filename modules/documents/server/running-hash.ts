import { createHash, type Hash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import type { DataStore } from '@tus/utils';

interface RunningHash {
  hash: Hash;
  /** Bytes hashed so far: the upload's offset when the hash may be continued. */
  bytes: number;
  touchedAt: number;
}

/**
 * Hashes an upload's bytes while they arrive, so verifying a finished 200 MB file does not mean
 * reading it all again. The hash is kept only while it covers exactly the bytes on disk: a PATCH
 * that fails, or a server restart, drops it, and the finish falls back to reading the file.
 * (A cut connection is fine: tus ends the write cleanly with every byte received on disk.)
 */
export class RunningHashes {
  private readonly running = new Map<string, RunningHash>();

  /** Uploads left idle this long are abandoned (they expire): their hashes are dropped. */
  constructor(private readonly maxIdleMs: number) {}

  /** The tus datastore with its `write` tapped; everything else goes to the real store. */
  wrap(store: DataStore): DataStore {
    return new Proxy(store, {
      get: (target, property) => {
        if (property === 'write') return (readable: Readable, id: string, offset: number) => this.write(target, readable, id, offset);
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  /** The sha-256 of all `size` bytes when it was computed on the way in; null when it was not. */
  take(uploadId: string, size: number): string | null {
    const state = this.running.get(uploadId);
    this.running.delete(uploadId);
    return state && state.bytes === size ? state.hash.digest('hex') : null;
  }

  forget(uploadId: string): void {
    this.running.delete(uploadId);
  }

  private async write(store: DataStore, readable: Readable, id: string, offset: number): Promise<number> {
    this.dropIdle();
    let state = this.running.get(id) ?? null;
    if (state?.bytes !== offset) state = offset === 0 ? { hash: createHash('sha256'), bytes: 0, touchedAt: 0 } : null;
    this.running.delete(id);
    if (!state) return store.write(readable, id, offset);

    const hashing = state;
    const tap = new Transform({
      transform(chunk: Uint8Array, _encoding, callback) {
        hashing.hash.update(chunk);
        hashing.bytes += chunk.length;
        callback(null, chunk);
      },
    });
    readable.on('error', (error) => tap.destroy(error));
    const newOffset = await store.write(readable.pipe(tap), id, offset);
    if (hashing.bytes === newOffset) this.running.set(id, { ...hashing, touchedAt: Date.now() });
    return newOffset;
  }

  private dropIdle(): void {
    const now = Date.now();
    for (const [id, state] of this.running) if (now - state.touchedAt > this.maxIdleMs) this.running.delete(id);
  }
}
