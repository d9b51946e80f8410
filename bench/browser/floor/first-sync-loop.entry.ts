/**
 * bench:browser `appLoop`: the app's own first sync (first-sync.ts `runFirstSync`, its page loop,
 * progress records and edit watch) into the app's own database (user-database.ts
 * `openUserDatabase`: conflict handler, hooks, notices and pending changes) holding the documents
 * collection only, with what the app keeps open while it runs: a live query of every document
 * (the offline file copies' and the doctor's lists' kind) turned into JSON on every change, and
 * the notices and pending count watched. No start-up, no other collection, no page to draw:
 * between `rxdbFloor` (the storage's writes alone) and `app` (everything), so an A/B of the loop
 * (`appLoop` vs `appLoopBefore`, device flags) is not buried under the start-up's noise.
 * Timed from before the database is opened to the first sync's end.
 */
import { openUserDatabase } from '../../../pwa/src/app/core/db/user-database';
import { createCouchPull } from '../../../pwa/src/app/core/replication/couch-pull';
import { runFirstSync } from '../../../pwa/src/app/core/replication/first-sync';
import { INITIAL_PULL_BATCH_SIZE } from '../../../pwa/src/app/core/replication/collection-replication';
import { DOCUMENTS_ON_DEVICE } from './documents-definition';

(window as unknown as { runBaseline: (token: string) => Promise<unknown> }).runBaseline = async (token: string) => {
  const started = performance.now();
  const user = await openUserDatabase(`bench-loop-${Date.now()}`, [DOCUMENTS_ON_DEVICE]);
  const opened = performance.now();
  const collection = user.db.collections['documents']!;
  let emitted = 0;
  const watching = [
    collection.find().$.subscribe((documents) => {
      emitted = documents.map((document) => document.toJSON()).length;
    }),
    user.notices.notices$.subscribe(),
    user.pending.counts$.subscribe(),
  ];
  const pull = createCouchPull({
    url: `${location.origin}/sync/documents/`,
    primaryPath: collection.schema.primaryPath as string,
    fetch: (input, init) => fetch(input, { ...init, headers: { authorization: `Bearer ${token}` } }),
  });
  let failure: unknown;
  const handover = await runFirstSync({
    collection,
    identifier: 'bench-loop-documents',
    pull,
    batchSize: INITIAL_PULL_BATCH_SIZE,
    isStopped: () => failure !== undefined,
    onError: (error) => (failure = error),
    retryDelay: async () => undefined,
  });
  const ms = performance.now() - started;
  if (failure !== undefined || !handover?.downstream) throw new Error(`the first sync did not end: ${String(failure)}`);
  const stored = await collection.count().exec();
  for (const subscription of watching) subscription.unsubscribe();
  await user.db.close();
  return { ms, stored, detail: `open ${Math.round(opened - started)} ms, the live query's last result ${emitted}` };
};
