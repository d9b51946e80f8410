import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config/index';
import { createStore, deployDesignDoc, type DesignDoc, type Store } from '../src/plugins/store/index';
import { startTestServer } from './helpers/test-server';
import { brokenModule, designDocModule } from './helpers/fixtures/design-doc-module';

describe('deployDesignDoc', () => {
  let dataDir: string;
  let store: Store;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'oblako-ddoc-'));
    store = createStore({ dataDir, dbPrefix: 't_' });
  });
  after(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const version = (n: number): DesignDoc => ({ _id: '_design/test', views: { v: { map: `function (doc) { emit(doc._id, ${n}); }` } } });

  test('creates, leaves unchanged content alone, updates changed content', async () => {
    const db = store.db('ddoc_basic');
    assert.equal(await deployDesignDoc(db, version(1)), 'created');
    const { _rev } = await db.get('_design/test');
    assert.equal(await deployDesignDoc(db, version(1)), 'unchanged');
    assert.equal((await db.get('_design/test'))._rev, _rev, 'no new revision: views are not rebuilt');
    assert.equal(await deployDesignDoc(db, version(2)), 'updated');
    assert.deepEqual((await db.get('_design/test') as unknown as DesignDoc)['views'], version(2)['views']);
  });

  test('instances starting at once all succeed and agree', async () => {
    const db = store.db('ddoc_race');
    await deployDesignDoc(db, version(1));
    const results = await Promise.all(Array.from({ length: 6 }, () => deployDesignDoc(db, version(3))));
    assert.ok(results.every((result) => result === 'updated' || result === 'unchanged'), results.join());
    assert.deepEqual((await db.get('_design/test') as unknown as DesignDoc)['views'], version(3)['views']);
  });
});

describe('module host', () => {
  test('deploys the design docs a module brings', async () => {
    const server = await startTestServer({}, { modules: [designDocModule] });
    try {
      const doc = (await server.app.store.db('notes').get('_design/notes')) as unknown as { views: object };
      assert.ok('by_author' in doc.views);
    } finally {
      await server.close();
    }
  });

  test('a module whose server file exports no plugin stops the start with its name', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'oblako-broken-'));
    const config = loadConfig({}, { mode: 'production', jwtSecret: randomBytes(32).toString('hex'), dataDir, logLevel: 'silent', pwaDir: dataDir });
    try {
      await assert.rejects(buildApp(config, { modules: [brokenModule] }), /Module "broken".*no default-exported Fastify plugin/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('two modules with one id are refused', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'oblako-dup-'));
    const config = loadConfig({}, { mode: 'production', jwtSecret: randomBytes(32).toString('hex'), dataDir, logLevel: 'silent', pwaDir: dataDir });
    try {
      await assert.rejects(buildApp(config, { modules: [designDocModule, designDocModule] }), /registered twice/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
