import { OpeningBatches } from './opening-batches';
import type { InstanceRead } from './page-file';
import type { WriteLock } from './write-lock';

/**
 * Opens asked while the write lock is awaited are read together (one read of all their keys),
 * each finished with its own records; an open asked while a batch is being finished is read in
 * the next one, and one failure fails only what it concerns.
 */
describe('OpeningBatches', () => {
  /** A lock granted when the spec says so, then in turn. */
  function heldLock(): WriteLock & { grant(): void } {
    let granted!: () => void;
    const gate = new Promise<void>((resolve) => (granted = resolve));
    let tail: Promise<unknown> = gate;
    return {
      run<T>(body: () => Promise<T>): Promise<T> {
        const result = tail.then(body);
        tail = result.catch(() => undefined);
        return result;
      },
      othersHoldOpen: async () => false,
      holdOpen: async () => () => undefined,
      grant: () => granted(),
    };
  }
  const records = (key: string): InstanceRead => ({ docs: [{ id: `${key}-1` }], logRecords: 0 });
  /** Batches behind a held lock whose reads answer every key and are recorded, in order. */
  function recordingBatches() {
    const lock = heldLock();
    const reads: string[][] = [];
    const batches = new OpeningBatches<string>(lock, async (keys) => {
      reads.push(keys);
      return new Map(keys.map((key) => [key, records(key)]));
    });
    return { lock, reads, batches };
  }

  it('reads the instances asked while the lock was awaited in one read, and gives each its own records', async () => {
    const { lock, reads, batches } = recordingBatches();
    const opened = ['profiles--0', 'documents--2', 'consultations--1'].map((key) => batches.open(key, async (read) => `${key}: ${String(read.docs[0]?.['id'])}`));
    lock.grant();
    expect(await Promise.all(opened)).toEqual(['profiles--0: profiles--0-1', 'documents--2: documents--2-1', 'consultations--1: consultations--1-1']);
    expect(reads).toEqual([['profiles--0', 'documents--2', 'consultations--1']]);
  });

  it('reads an instance asked while a batch is being finished in the next read, under the same hold', async () => {
    const { lock, reads, batches } = recordingBatches();
    let late: Promise<string> | null = null;
    const first = batches.open('a--0', async () => {
      late = batches.open('b--0', async () => 'b');
      return 'a';
    });
    lock.grant();
    expect(await first).toBe('a');
    expect(await late!).toBe('b');
    expect(reads).toEqual([['a--0'], ['b--0']]);
    // And after the queue ran dry, a new open starts again.
    expect(await batches.open('c--0', async () => 'c')).toBe('c');
    expect(reads.length).toBe(3);
  });

  it('fails only the open whose finishing failed; a failed read fails its batch and the next batch is read', async () => {
    const lock = heldLock();
    let failRead = true;
    const batches = new OpeningBatches<string>(lock, async (keys) => {
      if (failRead) {
        failRead = false;
        throw new DOMException('disk', 'UnknownError');
      }
      return new Map(keys.map((key) => [key, records(key)]));
    });
    const failedRead = batches.open('a--0', async () => 'a');
    lock.grant();
    await expectAsync(failedRead).toBeRejectedWithError(DOMException, 'disk');
    const good = batches.open('b--0', async () => 'b');
    const bad = batches.open('c--0', async () => {
      throw new Error('c cannot open');
    });
    expect(await good).toBe('b');
    await expectAsync(bad).toBeRejectedWithError('c cannot open');
  });
});
