// The leased change follower (plugins/store/change-follower.ts): several instances following
// one database of a CouchDB-protocol store, each with its own HTTP client as separate server
// processes have. Process-level behaviour (crash, SIGTERM) is in instances.test.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyBaseLogger } from 'fastify';
import PouchDB from 'pouchdb-node';
import { createChangeFollower, type ChangeFollower, type FollowedChange } from '../src/plugins/store/index';
import { startCouchStandIn } from './helpers/couch-stand-in';

interface Logged {
  level: string;
  msg: string;
}

/** A logger that keeps what the follower said (errors must not happen in the normal run). */
function recordingLogger(): FastifyBaseLogger & { lines: Logged[] } {
  const lines: Logged[] = [];
  const at = (level: string) => (first: unknown, second?: unknown) => {
    lines.push({ level, msg: typeof first === 'string' ? first : String(second ?? '') });
  };
  const logger = { lines, level: 'debug', fatal: at('fatal'), error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), trace: at('trace'), silent: () => undefined, child: () => logger };
  return logger as unknown as FastifyBaseLogger & { lines: Logged[] };
}

async function until(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a change follower shared by several instances', () => {
  let couch: Awaited<ReturnType<typeof startCouchStandIn>>;
  before(async () => {
    couch = await startCouchStandIn();
  });
  after(async () => couch.close());

  let dbCount = 0;
  /** A fresh database, and a client of it per instance (as each server process has its own). */
  const clients = (count: number) => {
    const url = `${couch.url}/follow_${++dbCount}`;
    return Array.from({ length: count }, () => new PouchDB(url));
  };

  interface Instance {
    follower: ChangeFollower;
    handled: string[];
    log: ReturnType<typeof recordingLogger>;
  }
  const instance = (
    db: PouchDB.Database,
    options: { leaseMs?: number; soleInstance?: boolean; handle?: (change: FollowedChange) => Promise<void>; coalesceKey?: (change: FollowedChange) => string | undefined } = {},
  ): Instance => {
    const handled: string[] = [];
    const log = recordingLogger();
    const follower = createChangeFollower({
      db,
      name: 'test-follower',
      log,
      leaseMs: options.leaseMs ?? 30_000,
      soleInstance: options.soleInstance,
      ...(options.coalesceKey ? { coalesceKey: options.coalesceKey } : {}),
      handle: async (change) => {
        await options.handle?.(change);
        handled.push(change.id);
      },
    });
    return { follower, handled, log };
  };
  const put = (db: PouchDB.Database, ids: string[]) => db.bulkDocs(ids.map((id) => ({ _id: id, at: Date.now() })));
  const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}-${String(index).padStart(3, '0')}`);

  test('three instances: every change is handled exactly once, by the one holding the lease, with no checkpoint conflict', async () => {
    const dbs = clients(3);
    const instances = dbs.map((db) => instance(db));
    await Promise.all(instances.map((one) => one.follower.start()));
    const written = ids('a', 60);
    await put(dbs[0]!, written.slice(0, 30));
    await put(dbs[2]!, written.slice(30));
    await until('all 60 changes handled', () => instances.reduce((sum, one) => sum + one.handled.length, 0) >= 60);

    const all = instances.flatMap((one) => one.handled);
    assert.deepEqual([...all].sort(), written, 'each change once');
    assert.equal(instances.filter((one) => one.handled.length > 0).length, 1, 'one instance follows');
    for (const one of instances) assert.deepEqual(one.log.lines.filter((line) => ['error', 'warn'].includes(line.level)), []);
    const lease = (await dbs[1]!.get('_local/test-follower')) as unknown as { seq: unknown; holder: string };
    assert.ok(lease.holder);
    await Promise.all(instances.map((one) => one.follower.stop()));
  });

  test('the holder stops: another instance goes on from its checkpoint at once, nothing handled twice or skipped', async () => {
    const [first, second] = clients(2);
    const a = instance(first!);
    await a.follower.start();
    const b = instance(second!);
    await b.follower.start();
    await put(first!, ids('before', 10));
    await until('the holder handled the first ten', () => a.handled.length === 10);
    assert.equal(b.handled.length, 0);

    const stopped = Date.now();
    await a.follower.stop();
    await put(first!, ids('after', 10));
    // B looks at the lease every 5 s (+ jitter): it learns then that the lease was given up.
    await until('the other instance handled the rest', () => b.handled.length === 10, 25_000);
    assert.deepEqual(b.handled, ids('after', 10));
    const tookMs = Date.now() - stopped;
    assert.ok(tookMs < 30_000, `taken over after ${tookMs} ms, before the 30 s lease would have run out`);
    await b.follower.stop();
  });

  test('a lease left by a crashed instance is taken over when it runs out, from its checkpoint', async () => {
    const [db] = clients(1);
    await put(db!, ids('old', 5));
    const checkpoint = (await db!.changes({ since: 0 })).last_seq;
    // The crashed holder had handled those five and renewed its lease a moment before dying.
    const runsOut = Date.now() + 2000;
    await db!.put({ _id: '_local/test-follower', seq: checkpoint, holder: 'crashed-instance', leaseUntil: new Date(runsOut).toISOString() });
    const survivor = instance(db!, { leaseMs: 30_000 });
    await survivor.follower.start();
    await put(db!, ids('new', 5));
    await until('the survivor handles what came after the checkpoint', () => survivor.handled.length === 5, 25_000);
    assert.ok(Date.now() >= runsOut, 'not before the lease ran out');
    assert.deepEqual(survivor.handled, ids('new', 5));
    await survivor.follower.stop();
  });

  test('on a store only one process can open (embedded LevelDB), a lease left by a crash is taken at once', async () => {
    const [db] = clients(1);
    await db!.put({ _id: '_local/test-follower', seq: 0, holder: 'crashed-instance', leaseUntil: new Date(Date.now() + 60_000).toISOString() });
    const restarted = instance(db!, { soleInstance: true });
    await restarted.follower.start();
    await put(db!, ids('s', 3));
    await until('handled without waiting out the minute', () => restarted.handled.length === 3, 15_000);
    await restarted.follower.stop();
  });

  test('a failing handler is retried, not skipped; later changes wait for it and the follower goes on', async () => {
    const [db] = clients(1);
    let failures = 2;
    const one = instance(db!, {
      handle: async (change) => {
        if (change.id === 'x-001' && failures > 0) {
          failures--;
          throw new Error('store briefly unavailable');
        }
      },
    });
    await one.follower.start();
    await put(db!, ids('x', 4));
    await until('all four handled', () => one.handled.length === 4, 25_000);
    assert.deepEqual(one.handled, ids('x', 4));
    assert.equal(one.log.lines.filter((line) => line.level === 'error').length, 2);
    await put(db!, ['x-later']);
    await until('a later change too', () => one.handled.includes('x-later'));
    await one.follower.stop();
  });

  const patientKey = (change: FollowedChange) => change.id.slice(0, change.id.indexOf(':'));
  /**
   * A follower coalescing by patient (`p1:…`) whose handler holds `p1:a` until `release`; `keyed`
   * lists each change as it is queued (coalesceKey is called then): how a test knows what is
   * queued before the gate opens.
   */
  const heldAtFirstChange = (db: PouchDB.Database, options: { leaseMs?: number; soleInstance?: boolean } = {}) => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const keyed: string[] = [];
    const follower = instance(db, {
      ...options,
      coalesceKey: (change) => {
        keyed.push(change.id);
        return patientKey(change);
      },
      handle: async (change) => {
        if (change.id === 'p1:a') await gate;
      },
    });
    return { ...follower, keyed, release };
  };

  test('coalesced by key: of the changes queued behind a slow one, only the last of each key is handled; the checkpoint passes them all', async () => {
    const [db] = clients(1);
    const one = heldAtFirstChange(db!);
    await one.follower.start();
    await db!.put({ _id: 'p1:a' });
    await until('the first change in the handler', () => one.keyed.length === 1);
    for (const id of ['p1:b', 'p2:a', 'p1:c', 'p2:b']) await db!.put({ _id: id });
    await until('all five queued', () => one.keyed.length === 5);
    one.release();
    await until('the last of each patient handled', () => one.handled.length === 3);
    assert.deepEqual(one.handled, ['p1:a', 'p1:c', 'p2:b'], 'p1:b and p2:a were left to the later change of their patient');
    const { update_seq: last } = await db!.info();
    await until('the checkpoint at the last change', async () => String((await db!.get<{ seq: number | string }>('_local/test-follower')).seq) === String(last));
    await one.follower.stop();

    // From that checkpoint nothing comes again; a later change of a patient is handled as before.
    const two = instance(db!, { coalesceKey: patientKey });
    await two.follower.start();
    await db!.put({ _id: 'p1:d' });
    await until('the new change handled', () => two.handled.length === 1);
    assert.deepEqual(two.handled, ['p1:d']);
    await two.follower.stop();
  });

  test('coalesced changes queued by a feed that ended are left to the next feed: after losing and retaking the lease, the last change is still handled', async () => {
    const [db] = clients(1);
    // The lease renews every 100 ms: a stolen lease is noticed at once.
    const one = heldAtFirstChange(db!, { leaseMs: 300, soleInstance: true });
    await one.follower.start();
    await db!.put({ _id: 'p1:a' });
    await until('the first change in the handler', () => one.keyed.length === 1);
    await db!.put({ _id: 'p1:b' });
    await until('the second queued behind it', () => one.keyed.length === 2);
    // Another writer takes the lease: the follower stands by, takes it back (a sole instance) and
    // follows again from the checkpoint, before p1:a: both changes are queued once more.
    const lease = await db!.get<{ seq: number | string }>('_local/test-follower');
    await db!.put({ ...lease, holder: 'someone-else', leaseUntil: new Date(Date.now() + 60_000).toISOString() });
    await until('the next feed queued both again', () => one.keyed.length === 4);
    one.release();
    await until('the last change of p1 handled', () => one.handled.includes('p1:b'));
    await one.follower.stop();
  });
});
