import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTH_API, type SessionResponse } from '@oblako/domain';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../src/plugins/demo/index';
import { startTestServer } from './helpers/test-server';
import { postJson } from './helpers/http';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'oblako-modes-'));
  dirs.push(dir);
  return dir;
};

describe('demo and production modes', () => {
  test('production mode seeds no demo accounts', async () => {
    const server = await startTestServer({ mode: 'production' });
    try {
      for (const account of Object.values(DEMO_ACCOUNTS)) assert.equal(await server.app.accounts.findByPhone(account.phone), null);
      const signIn = await postJson(`${server.baseUrl}${AUTH_API.signIn}`, { phone: DEMO_ACCOUNTS.patient.phone, password: DEMO_PASSWORD });
      assert.equal(signIn.status, 401);
    } finally {
      await server.close();
    }
  });

  test('demo mode seeds the demo people once; restarts change nothing', async () => {
    const dataDir = await tempDir();
    const first = await startTestServer({ mode: 'demo', dataDir });
    const ids: Record<string, string> = {};
    try {
      for (const [key, account] of Object.entries(DEMO_ACCOUNTS)) {
        const session = await postJson<SessionResponse>(`${first.baseUrl}${AUTH_API.signIn}`, { phone: account.phone, password: DEMO_PASSWORD });
        assert.equal(session.status, 200, key);
        assert.deepEqual({ ...session.body.user, id: undefined }, { id: undefined, role: account.role, name: account.name, phone: account.phone });
        ids[key] = session.body.user.id;
      }
      const profile = await first.app.store.db('profiles').get(`${ids['patient']}:profile`) as unknown as Record<string, unknown>;
      assert.equal(profile['fullName'], 'Иванова Мария Петровна');
      assert.equal(profile['contactPhone'], '+79000000001');
      if (first.app.hasDecorator('access')) {
        assert.deepEqual(await first.app.access.assignedPatients(ids['doctor'] ?? ''), [ids['patient']]);
      }
      // Something the demo user changes must survive a restart.
      await first.app.accounts.setDisabled(ids['manager'] ?? '', true);
    } finally {
      await first.close();
    }

    const second = await startTestServer({ mode: 'demo', dataDir });
    try {
      for (const [key, account] of Object.entries(DEMO_ACCOUNTS)) {
        assert.equal((await second.app.accounts.findByPhone(account.phone))?.id, ids[key], `${key} kept its id`);
      }
      assert.equal((await second.app.accounts.findByPhone(DEMO_ACCOUNTS.manager.phone))?.disabled, true, 'the seed did not run again');
      const accounts = await second.app.store.db('users').allDocs({ startkey: 'account:', endkey: 'account:\uffff' });
      assert.equal(accounts.rows.length, 4, 'no duplicates');
    } finally {
      await second.close();
    }
  });

  test('an interrupted seed completes on the next start without duplicates', async () => {
    const dataDir = await tempDir();
    const partial = await startTestServer({ mode: 'production', dataDir });
    const early = await partial.app.accounts.create({ ...DEMO_ACCOUNTS.doctor, password: DEMO_PASSWORD });
    await partial.close();

    const server = await startTestServer({ mode: 'demo', dataDir, jwtSecret: partial.config.jwtSecret });
    try {
      assert.equal((await server.app.accounts.findByPhone(DEMO_ACCOUNTS.doctor.phone))?.id, early.id);
      for (const account of Object.values(DEMO_ACCOUNTS)) assert.ok(await server.app.accounts.findByPhone(account.phone));
    } finally {
      await server.close();
    }
  });
});
