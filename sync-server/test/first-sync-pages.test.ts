import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PageReader, type Page } from '../../pwa/src/app/core/replication/first-sync-pages';

/** A server log of `total` documents answered `batchSize` at a time; positions are the count read so far. */
function log(total: number, batchSize: number) {
  const asked: (string | undefined)[] = [];
  const fetchPage = async (since: string | undefined): Promise<Page> => {
    asked.push(since);
    const from = Number(since ?? 0);
    const to = Math.min(total, from + batchSize);
    const documents = Array.from({ length: to - from }, (_, i) => ({ id: `d${from + i}`, _deleted: false }));
    return { documents, checkpoint: { sequence: String(to) } };
  };
  return { asked, fetchPage };
}

const quick = { isStopped: () => false, onError: () => undefined, retryDelay: async () => undefined };

test('the pages come in order from where the last run stopped, the next ones asked before the first is taken', async () => {
  const server = log(4500, 1000);
  const reader = new PageReader({ ...quick, fetchPage: server.fetchPage, since: '1000', batchSize: 1000, ahead: 2 });
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(server.asked, ['1000', '2000'], 'two pages read ahead of the store, no more');
  const ids: string[] = [];
  for (let page = await reader.take(); page; page = page.documents.length < 1000 ? undefined : await reader.take()) {
    ids.push(...page.documents.map((d) => String(d['id'])));
  }
  assert.equal(ids.length, 3500);
  assert.equal(ids[0], 'd1000');
  assert.equal(ids.at(-1), 'd4499');
  assert.deepEqual(server.asked, ['1000', '2000', '3000', '4000']);
});

test('a failed request is reported and asked again from the same position; nothing is skipped', async () => {
  const server = log(2500, 1000);
  const errors: unknown[] = [];
  let failures = 1;
  const reader = new PageReader({
    ...quick,
    onError: (error) => errors.push(error),
    fetchPage: (since) => (since === '1000' && failures-- > 0 ? Promise.reject(new Error('network down')) : server.fetchPage(since)),
    since: undefined,
    batchSize: 1000,
    ahead: 2,
  });
  const sizes: number[] = [];
  for (let i = 0; i < 3; i++) sizes.push((await reader.take())!.documents.length);
  assert.deepEqual(sizes, [1000, 1000, 500]);
  assert.equal(errors.length, 1);
  assert.deepEqual(server.asked, [undefined, '1000', '2000']);
});

test('closed or stopped: a waiting take() ends with nothing', async () => {
  let stopped = false;
  const reader = new PageReader({ ...quick, isStopped: () => stopped, fetchPage: () => new Promise<Page>(() => undefined), since: undefined, batchSize: 1000, ahead: 2 });
  const waiting = reader.take();
  stopped = true;
  reader.close();
  assert.equal(await waiting, undefined);
});
