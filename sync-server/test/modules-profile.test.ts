import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Account, AccountListener } from '@oblako/server-kit';
import profileServerPlugin from '../../modules/profile/server/plugin';
import { createStore, type Store } from '../src/plugins/store/index';

/** The profile module's server plugin on its own, against a real embedded store. */
let dataDir: string;
let store: Store;
let app: FastifyInstance;
const listeners: AccountListener[] = [];

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oblako-profile-'));
  store = createStore({ dataDir, dbPrefix: 't_' });
  app = Fastify();
  app.decorate('store', store);
  app.decorate('accounts', { onCreated: (listener: AccountListener) => listeners.push(listener) } as unknown as FastifyInstance['accounts']);
  await app.register(profileServerPlugin);
  await app.ready();
});
after(async () => {
  await app.close();
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

const patient: Account = { id: 'a1b2c3d4-0000-4000-8000-000000000001', role: 'patient', phone: '+79000000001', name: 'Иванова Мария Петровна', disabled: false, createdAt: new Date().toISOString() };

test('creates the profile once and never overwrites the patient\'s edits', async () => {
  assert.equal(listeners.length, 1);
  const created = listeners[0]!;
  await created(patient);
  const db = store.db('profiles');
  const first = (await db.get(`${patient.id}:profile`)) as unknown as Record<string, unknown> & { _rev: string };
  assert.equal(first['_id'], `${patient.id}:profile`);
  assert.equal('id' in first, false, 'the primary key is stored in _id only, as replicated docs are');
  assert.equal(first['fullName'], 'Иванова Мария Петровна');

  await db.put({ ...first, region: 'Республика Саха (Якутия)', timeZone: 'Asia/Yakutsk' });
  await created(patient);
  const after = (await db.get(`${patient.id}:profile`)) as unknown as Record<string, unknown>;
  assert.equal(after['region'], 'Республика Саха (Якутия)');
  assert.equal(after['timeZone'], 'Asia/Yakutsk');
});

test('ignores staff accounts', async () => {
  await listeners[0]!({ ...patient, id: 'a1b2c3d4-0000-4000-8000-000000000002', role: 'doctor' });
  await assert.rejects(store.db('profiles').get('a1b2c3d4-0000-4000-8000-000000000002:profile'), { status: 404 });
});
