import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create as createTar } from 'tar';
import { AUTH_API } from '@oblako/domain';
import { STAFF_API, type StaffAuditEntry } from '../../modules/admin/index';
import { MANAGE_API } from '../src/manage/api';
import { controlFilePath, MANAGE_TOKEN_HEADER, readControlFile } from '../src/manage/control-file';
import { bearer, postJson, requestJson } from './helpers/http';
import { printedPassword, runManage } from './helpers/manage-cli';
import { startCouchStandIn } from './helpers/couch-stand-in';
import { startTestServer } from './helpers/test-server';

/** `npm run manage`: the first manager, and the refusals of restore that must leave data untouched. */
describe('npm run manage', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'oblako-manage-'));
  });
  after(async () => rm(root, { recursive: true, force: true }));

  test('create-manager on an empty production store, then the manager signs in and must set a password; a second run for the phone is refused', async () => {
    const dataDir = join(root, 'first');
    const jwtSecret = randomBytes(32).toString('base64url');
    const env = { DATA_DIR: dataDir, JWT_SECRET: jwtSecret };
    // No server runs: the tool opens the empty store itself.
    const created = await runManage(['create-manager', '--phone', '8 (900) 700-10-20', '--name', 'Главная Анна Петровна'], env);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /Менеджер создан: Главная Анна Петровна/);
    assert.match(created.stdout, /\+7 900 700-10-20/);
    const password = printedPassword(created.stdout);

    const server = await startTestServer({ dataDir, jwtSecret });
    try {
      const session = await server.signIn('+79007001020', password);
      assert.equal(session.user.role, 'manager');
      assert.equal(session.user.mustChangePassword, true);
      const blocked = await requestJson<{ code: string }>(`${server.baseUrl}${STAFF_API.staff}`, { headers: bearer(session.accessToken) });
      assert.equal(blocked.body.code, 'password_change_required');
      const changed = await postJson<{ accessToken: string }>(`${server.baseUrl}${AUTH_API.changePassword}`, { currentPassword: password, newPassword: 'собственный-пароль' }, bearer(session.accessToken));
      assert.equal(changed.status, 200);
      const audit = await requestJson<StaffAuditEntry[]>(`${server.baseUrl}${STAFF_API.audit}`, { headers: bearer(changed.body.accessToken) });
      assert.deepEqual(audit.body.map((entry) => [entry.action, entry.actor.id, entry.staff.name]), [['staff_created', 'cli', 'Главная Анна Петровна']]);

      // While the server runs (it holds the LevelDB lock) the tool asks it: same rules, same refusal.
      const again = await runManage(['create-manager', '--phone', '+79007001020', '--name', 'Главная Анна Петровна'], env);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /Этот номер уже принадлежит пациенту или сотруднику/);
      const second = await runManage(['create-manager', '--phone', '+79007001021', '--name', 'Вторая Менеджер'], env);
      assert.equal(second.code, 0, second.stderr);
      assert.equal((await server.signIn('+79007001021', printedPassword(second.stdout))).user.mustChangePassword, true);
    } finally {
      await server.close();
    }
    assert.equal(await readControlFile(dataDir), null, 'the control file goes with the server');
    const stopped = await runManage(['create-manager', '--phone', '+79007001020', '--name', 'Главная Анна Петровна'], env);
    assert.equal(stopped.code, 1);
    assert.match(stopped.stderr, /Этот номер уже принадлежит/);
  });

  test('bad arguments: an invalid phone, an empty name, a missing option', async () => {
    const env = { DATA_DIR: join(root, 'bad'), JWT_SECRET: randomBytes(32).toString('base64url') };
    const phone = await runManage(['create-manager', '--phone', '12345', '--name', 'Кто-то'], env);
    assert.equal(phone.code, 1);
    assert.match(phone.stderr, /Введите номер телефона/);
    const name = await runManage(['create-manager', '--phone', '+79007001030', '--name', '  '], env);
    assert.equal(name.code, 1);
    assert.match(name.stderr, /Укажите ФИО/);
    const missing = await runManage(['create-manager', '--phone', '+79007001030'], env);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /--name/);
    const production = await runManage(['create-manager', '--phone', '+79007001030', '--name', 'Кто-то'], { DATA_DIR: join(root, 'bad') });
    assert.equal(production.code, 1);
    assert.match(production.stderr, /JWT_SECRET is required/);
  });

  test('the management endpoints answer only with the token of the control file', async () => {
    const server = await startTestServer();
    try {
      const control = await readControlFile(server.dataDir);
      assert.ok(control, controlFilePath(server.dataDir));
      assert.equal((await requestJson(`${server.baseUrl}${MANAGE_API.ping}`)).status, 404);
      assert.equal((await requestJson(`${server.baseUrl}${MANAGE_API.ping}`, { headers: { [MANAGE_TOKEN_HEADER]: 'x'.repeat(control.token.length) } })).status, 404);
      assert.equal((await postJson(`${server.baseUrl}${MANAGE_API.managers}`, { phone: '+79007001040', name: 'Злоумышленник' })).status, 404);
      assert.equal(await server.app.accounts.findByPhone('+79007001040'), null);
      assert.equal((await requestJson(`${server.baseUrl}${MANAGE_API.ping}`, { headers: { [MANAGE_TOKEN_HEADER]: control.token } })).status, 200);
    } finally {
      await server.close();
    }
  });

  test('restore refuses a non-empty data directory, a truncated archive and another format version, leaving the data directory untouched', async () => {
    const jwtSecret = randomBytes(32).toString('base64url');
    const source = join(root, 'source');
    const made = await runManage(['create-manager', '--phone', '+79007001050', '--name', 'Источник Копии'], { DATA_DIR: source, JWT_SECRET: jwtSecret });
    assert.equal(made.code, 0, made.stderr);
    const archive = join(root, 'source.tar.gz');
    const backup = await runManage(['backup', archive], { DATA_DIR: source, JWT_SECRET: jwtSecret });
    assert.equal(backup.code, 0, backup.stderr);
    assert.match(backup.stdout, /Резервная копия записана/);
    const again = await runManage(['backup', archive], { DATA_DIR: source, JWT_SECRET: jwtSecret });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /уже существует/);

    const before = await listing(source);
    const intoFull = await runManage(['restore', archive], { DATA_DIR: source, JWT_SECRET: jwtSecret });
    assert.equal(intoFull.code, 1);
    assert.match(intoFull.stderr, /Хранилище не пустое.*Данные не изменены/s);
    assert.deepEqual(await listing(source), before);

    const bytes = new Uint8Array(await readFile(archive));
    const truncated = join(root, 'truncated.tar.gz');
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const empty = join(root, 'empty');
    await mkdir(empty);
    const cut = await runManage(['restore', truncated], { DATA_DIR: empty, JWT_SECRET: jwtSecret });
    assert.equal(cut.code, 1);
    assert.match(cut.stderr, /повреждён или обрезан|нет описания резервной копии/);
    assert.deepEqual(await readdir(empty), []);

    const foreign = join(root, 'foreign');
    await mkdir(foreign);
    await writeFile(join(foreign, 'MANIFEST.json'), JSON.stringify({ format: 'oblako-backup', version: 99, createdAt: '2030-01-01T00:00:00Z', databases: {}, blobs: { files: 0, bytes: 0 }, entries: [] }));
    const foreignArchive = join(root, 'foreign.tar.gz');
    await createTar({ gzip: true, cwd: foreign, file: foreignArchive }, ['MANIFEST.json']);
    const other = await runManage(['restore', foreignArchive], { DATA_DIR: empty, JWT_SECRET: jwtSecret });
    assert.equal(other.code, 1);
    assert.match(other.stderr, /другой версии формата \(99/);
    assert.deepEqual(await readdir(empty), []);

    const restored = await runManage(['restore', archive], { DATA_DIR: empty, JWT_SECRET: jwtSecret });
    assert.equal(restored.code, 0, restored.stderr);
    const server = await startTestServer({ dataDir: empty, jwtSecret });
    try {
      assert.equal((await server.app.accounts.findByPhone('+79007001050'))?.name, 'Источник Копии');
    } finally {
      await server.close();
    }
  });
  test('with COUCH_URL: create-manager through the running server, backup, restore into an empty prefix', async () => {
    const couch = await startCouchStandIn();
    try {
      const jwtSecret = randomBytes(32).toString('base64url');
      const source = await startTestServer({ couchUrl: couch.url, dbPrefix: 'clinic_', jwtSecret });
      const env = { DATA_DIR: source.dataDir, COUCH_URL: couch.url, COUCH_DB_PREFIX: 'clinic_', JWT_SECRET: jwtSecret };
      const archive = join(root, 'couch.tar.gz');
      try {
        const made = await runManage(['create-manager', '--phone', '+79007001060', '--name', 'Менеджер Кластера'], env);
        assert.equal(made.code, 0, made.stderr);
        const backup = await runManage(['backup', archive], env);
        assert.equal(backup.code, 0, backup.stderr);
        assert.match(backup.stdout, /сервер http/);
        const intoFull = await runManage(['restore', archive], { ...env, DATA_DIR: join(root, 'couch-other') });
        assert.equal(intoFull.code, 1);
        assert.match(intoFull.stderr, /Хранилище не пустое \(CouchDB/);
      } finally {
        await source.close();
      }
      const targetDir = join(root, 'couch-restored');
      const restored = await runManage(['restore', archive], { DATA_DIR: targetDir, COUCH_URL: couch.url, COUCH_DB_PREFIX: 'restored_', JWT_SECRET: jwtSecret });
      assert.equal(restored.code, 0, restored.stderr);
      const target = await startTestServer({ couchUrl: couch.url, dbPrefix: 'restored_', jwtSecret, dataDir: targetDir });
      try {
        assert.equal((await target.app.accounts.findByPhone('+79007001060'))?.name, 'Менеджер Кластера');
      } finally {
        await target.close();
      }
    } finally {
      await couch.close();
    }
  });
});

async function listing(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true });
  return entries.map(String).filter((name) => !name.endsWith('LOG') && !name.endsWith('LOG.old')).sort();
}
