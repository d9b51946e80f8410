import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore, type Store } from '../src/plugins/store/index';
import { createAuditLog, type AuditEntryInput, type AuditLog } from '../src/plugins/audit/index';

/** The audit log on the real embedded store: one key range per patient, newest first, folded repeats. */
let dataDir: string;
let store: Store;
let audit: AuditLog;
const alice = 'aaaaaaaa-0000-4000-8000-000000000001';
const bob = 'bbbbbbbb-0000-4000-8000-000000000002';
const doctor = { id: 'dddddddd-0000-4000-8000-000000000004', role: 'doctor' as const, name: 'Доктор Хаус' };

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oblako-audit-'));
  store = createStore({ dataDir, dbPrefix: 't_' });
  audit = createAuditLog(store.db('audit'));
});
after(async () => {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

const read = (patientId: string, fileId: string): AuditEntryInput => ({
  patientId,
  action: 'file.read',
  actor: doctor,
  subject: { kind: 'file', id: fileId },
  ip: '10.0.0.7',
});

test('entries are per patient, newest first, without the client address', async () => {
  await audit.record(read(alice, 'f1'));
  await new Promise((resolve) => setTimeout(resolve, 5));
  await audit.record(read(alice, 'f2'));
  await audit.record(read(bob, 'f9'));
  const { entries } = await audit.viewsOf(alice);
  assert.deepEqual(entries.map((e) => e.subject.id), ['f2', 'f1']);
  assert.deepEqual(Object.keys(entries[0]!).sort(), ['action', 'actor', 'at', 'subject']);
  assert.deepEqual((await audit.viewsOf(bob)).entries.map((e) => e.subject.id), ['f9']);
});

test('repeated reads within the window fold into the first entry, even when recorded at once', async () => {
  await Promise.all([1, 2, 3, 4].map(() => audit.record(read(bob, 'f-same'), { coalesceSeconds: 300 })));
  const { entries } = await audit.viewsOf(bob);
  assert.equal(entries.filter((e) => e.subject.id === 'f-same').length, 1);
});

test('pages with a cursor; a cursor from another patient cannot walk into their range', async () => {
  for (let i = 0; i < 5; i++) await audit.record(read(alice, `page-${i}`));
  const first = await audit.viewsOf(alice, { limit: 3 });
  assert.equal(first.entries.length, 3);
  assert.ok(first.next);
  const second = await audit.viewsOf(alice, { limit: 3, before: first.next });
  assert.equal(second.entries.length, 3);
  const seen = [...first.entries, ...second.entries].map((e) => e.subject.id);
  assert.equal(new Set(seen).size, 6, 'no entry twice');
  const third = await audit.viewsOf(alice, { limit: 3, before: second.next });
  assert.equal(third.entries.length, 1);
  assert.equal(third.next, undefined);

  const bobsCursor = (await audit.viewsOf(bob, { limit: 1 })).next!;
  const crossed = await audit.viewsOf(alice, { before: bobsCursor });
  assert.ok(crossed.entries.every((e) => e.subject.id !== 'f9' && e.subject.id !== 'f-same'));
});

test('a device saving a file (file.cached) is kept outside the patient\'s list; a read reported with its own time sorts by that time', async () => {
  const carol = 'cccccccc-0000-4000-8000-000000000003';
  await audit.record({ ...read(carol, 'saved'), action: 'file.cached' }, { coalesceSeconds: 300 });
  await audit.record(read(carol, 'now'));
  await audit.record(read(carol, 'earlier'), { at: new Date(Date.now() - 3_600_000) });
  const { entries } = await audit.viewsOf(carol);
  assert.deepEqual(entries.map((e) => e.subject.id), ['now', 'earlier']);
  assert.ok(Date.parse(entries[1]!.at) < Date.now() - 3_500_000, 'listed at the time of viewing');
  const stored = await store.db('audit').allDocs({ include_docs: true });
  assert.ok(stored.rows.some((row) => (row.doc as unknown as { action: string; patientId: string }).action === 'file.cached'
    && (row.doc as unknown as { patientId: string }).patientId === carol), 'the copy is still on record');
});
