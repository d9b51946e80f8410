// Several server instances on one CouchDB-protocol store (issue 11, part 5).
//
// Two real server processes (`node --import tsx sync-server/src/main.ts`, configured by
// environment only) share one express-pouchdb stand-in for CouchDB. Processes rather than two
// app objects in this process: each has its own memory (locks, caches, follower state) as
// separate machines would, a SIGKILL is a real crash, and SIGTERM runs main.ts's own shutdown.
// A third, in-process app without modules (it runs no followers) creates the accounts and
// writes what an import or an upload would write straight into the store.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docId, type Consultation, type StoredDoc } from '@oblako/domain';
import { consultationIdForReferral } from '../../modules/consultations/server/followers';
import { actorOf, ALWAYS_OPEN, futureSlots, pushed, step } from './consultations/kit';
import { startCouchStandIn } from './helpers/couch-stand-in';
import { signedIn, type SignedIn } from './helpers/documents';
import { bearer, postJson } from './helpers/http';
import { startServerProcess, type LogLine, type ServerProcess } from './helpers/server-process';
import { SyncClient } from './helpers/sync-client';
import { startTestServer, type TestServer } from './helpers/test-server';

const LEASE_SECONDS = 3;

describe('two server processes on one CouchDB-protocol store', () => {
  let couch: Awaited<ReturnType<typeof startCouchStandIn>>;
  let setup: TestServer;
  let dataDirs: string[] = [];
  let processes: ServerProcess[] = [];
  let doctorA: SignedIn;
  let doctorB: SignedIn;
  const patients: SignedIn[] = [];
  const jwtSecret = randomBytes(32).toString('base64url');
  const dbPrefix = `inst_${randomBytes(4).toString('hex')}_`;

  before(async () => {
    couch = await startCouchStandIn();
    setup = await startTestServer({ couchUrl: couch.url, dbPrefix, jwtSecret }, { modules: [] });
    dataDirs = [await mkdtemp(join(tmpdir(), 'oblako-inst-1-')), await mkdtemp(join(tmpdir(), 'oblako-inst-2-'))];
    const env = (dataDir: string) => ({
      OBLAKO_MODE: 'production',
      JWT_SECRET: jwtSecret,
      COUCH_URL: couch.url,
      COUCH_DB_PREFIX: dbPrefix,
      DATA_DIR: dataDir,
      PWA_DIR: join(dataDir, 'no-pwa'),
      LOG_LEVEL: 'debug',
      FOLLOWER_LEASE_SECONDS: String(LEASE_SECONDS),
      RATE_LIMIT_PER_MINUTE: '1000000',
      SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000000',
    });
    // Started together: both deploy design documents and race for the followers' leases.
    processes = await Promise.all(dataDirs.map((dir) => startServerProcess(env(dir))));
    doctorA = await signedIn(setup, 'doctor');
    doctorB = await signedIn(setup, 'doctor');
    for (const doctor of [doctorA, doctorB]) await setCalendar(processes[0]!, doctor);
    for (let index = 0; index < 12; index++) patients.push(await signedIn(setup, 'patient'));
  });

  after(async () => {
    for (const child of processes) await child.signal('SIGKILL');
    await setup?.close();
    await couch?.close();
    for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
  });

  const [p1, p2] = [() => processes[0]!, () => processes[1]!];
  const store = (name: string) => setup.app.store.db(name);
  const referralIdOf = (patient: SignedIn, tag: string) => docId(patient.id, `referral-${tag}`);
  const consultationOf = (patient: SignedIn, tag: string) => consultationIdForReferral(referralIdOf(patient, tag), patient.id);

  async function storedWithRev(id: string): Promise<{ consultation: Consultation; rev: string } | null> {
    try {
      const doc = (await store('consultations').get(id)) as unknown as StoredDoc & { _rev: string };
      const { _id, _rev, ...rest } = doc;
      return { consultation: { id: _id, ...rest } as unknown as Consultation, rev: _rev };
    } catch {
      return null;
    }
  }
  const stored = async (id: string) => (await storedWithRev(id))?.consultation ?? null;

  async function waitFor<T>(what: string, probe: () => Promise<T | null | false | undefined>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Referrals as an import commit writes them (straight into the store, on no particular instance). */
  async function writeReferrals(who: SignedIn[], tag: string): Promise<void> {
    const now = new Date().toISOString();
    const rows = await store('referrals').bulkDocs(
      who.map((patient) => ({ _id: referralIdOf(patient, tag), patientId: patient.id, consultationProfile: 'Кардиология', diagnosis: 'ИБС', createdAt: now })),
    );
    for (const row of rows) assert.ok('ok' in row && row.ok, JSON.stringify(row));
  }

  /** The seed's documents (a conclusion and an MRI) with the server's `uploaded` verdicts. */
  async function giveDocuments(patient: SignedIn): Promise<void> {
    const now = new Date().toISOString();
    for (const type of ['conclusion', 'mri']) {
      const fileId = randomUUID();
      const documentId = docId(patient.id, randomUUID());
      await store('documents').put({
        _id: documentId, patientId: patient.id, type, date: '2026-01-15', note: '', createdAt: now, updatedAt: now,
        files: [{ fileId, name: `${type}.pdf`, size: 10, mime: 'application/pdf', sha256: 'a'.repeat(64) }],
      });
      await store('document_files').put({
        _id: docId(patient.id, fileId), patientId: patient.id, documentId, fileId, status: 'uploaded', name: `${type}.pdf`, size: 10, mime: 'application/pdf', sha256: 'a'.repeat(64), checkedAt: now,
      });
    }
  }

  // A change of the readiness followers may be left to a later change of the same patient
  // (coalesced): passed by the checkpoint, which counts as its handling here.
  const handledBy = (child: ServerProcess, follower: string) =>
    child.logs().filter((line) => (line.msg === 'change handled' || line.msg === 'change left to a later one of its key') && line['follower'] === follower).map((line) => String(line['id']));
  const errorsOf = (child: ServerProcess): LogLine[] => child.logs().filter((line) => line.level >= 50);

  test('referrals and readiness: every change is handled once, by one of the two processes, and no follower stalls', async () => {
    const first = patients.slice(0, 12);
    await writeReferrals(first, 'first');
    for (const patient of first.slice(0, 10)) await giveDocuments(patient);

    for (const [index, patient] of first.entries()) {
      const wanted = index < 10 ? 'ready' : 'awaiting_documents';
      await waitFor(`the consultation of referral ${index} to be ${wanted}`, async () => (await stored(consultationOf(patient, 'first')))?.status === wanted);
    }

    // Each referral change handled exactly once across both processes (idempotent handlers
    // would hide a second handling in the data: the logs show it).
    const referralIds = first.map((patient) => referralIdOf(patient, 'first')).sort();
    const handledIn = (follower: string) => [...handledBy(p1(), follower), ...handledBy(p2(), follower)];
    // The log line follows the handler's after-commit work: wait for the lines themselves.
    await waitFor('the referral follower to log every change', async () => handledIn('consultations-referrals').length >= referralIds.length);
    await waitFor('the readiness followers to log every change', async () => handledIn('consultations-readiness').length >= 10 * 4);
    assert.deepEqual(handledIn('consultations-referrals').sort(), referralIds);
    const readiness = handledIn('consultations-readiness');
    assert.equal(new Set(readiness).size, readiness.length, 'no document or verdict handled twice');
    assert.equal(readiness.length, 10 * 4, 'two documents and two verdicts per ready patient');
    // One process follows each feed; the other stands by. No 409 on a checkpoint, no error at all.
    for (const follower of ['consultations-referrals', 'documents-file-cleanup']) {
      const holders = processes.filter((child) => child.logs().some((line) => line.msg === 'this instance follows the changes' && line['follower'] === follower));
      assert.equal(holders.length, 1, `${follower}: exactly one process follows`);
    }
    assert.deepEqual([...errorsOf(p1()), ...errorsOf(p2())], []);
  });

  test('two doctors take one patient at the same moment, through different processes: one takes, the other is told so', async () => {
    for (const patient of patients.slice(0, 4)) {
      const id = consultationOf(patient, 'first');
      const [viaP1, viaP2] = await Promise.all([
        postJson<{ code?: string; message?: string }>(`${p1().baseUrl}/api/consultations/${encodeURIComponent(id)}/take`, {}, { ...bearer(doctorA.token), 'accept-language': 'ru' }),
        postJson<{ code?: string; message?: string }>(`${p2().baseUrl}/api/consultations/${encodeURIComponent(id)}/take`, {}, { ...bearer(doctorB.token), 'accept-language': 'ru' }),
      ]);
      assert.deepEqual([viaP1.status, viaP2.status].sort(), [200, 409], JSON.stringify([viaP1.body, viaP2.body]));
      const [winner, loser] = viaP1.status === 200 ? [doctorA, viaP2] : [doctorB, viaP1];
      assert.equal(loser.body.code, 'already_taken');
      assert.equal(loser.body.message, 'Этого пациента уже взял другой врач.');
      const now = await stored(id);
      assert.equal(now?.doctorId, winner.id);
      assert.equal(now?.status, 'taken');
    }
  });

  test('two bookings of one slot at the same moment, through different processes: one holds it in the end, never both', async () => {
    const slots = futureSlots(3);
    const pairs = [patients.slice(4, 6), patients.slice(6, 8), patients.slice(8, 10)];
    for (const [round, pair] of pairs.entries()) {
      const ids = pair.map((patient) => consultationOf(patient, 'first'));
      for (const id of ids) {
        const taken = await postJson(`${p1().baseUrl}/api/consultations/${encodeURIComponent(id)}/take`, {}, bearer(doctorA.token));
        assert.equal(taken.status, 200, JSON.stringify(taken.body));
      }
      const slot = slots[round]!;
      const bookings = await Promise.all(ids.map(async (id, index) => {
        const current = (await storedWithRev(id))!;
        const booked = step(current.consultation, { transition: 'schedule', slot }, actorOf(doctorA, 'doctor'));
        const via = index === 0 ? p1() : p2();
        const { body } = await new SyncClient(via.baseUrl, 'consultations', doctorA.token).bulkDocs([pushed(booked, current.rev)]);
        return body[0]!;
      }));
      // Either the later one is refused (the slot's claim in the store), or — when the other was
      // already stored and booked later by the booking rule — both are accepted and the server
      // releases the later booking at once. Never do both keep the slot.
      assert.ok(bookings.some((row) => row.ok), JSON.stringify(bookings));
      for (const row of bookings) if (!row.ok) assert.equal(row.code, 'overlaps_booking', JSON.stringify(bookings));
      const holders = async () =>
        (await Promise.all(ids.map(async (id) => (await stored(id))!))).filter((consultation) => consultation.status === 'scheduled' && consultation.slot?.start === slot.start);
      for (let attempt = 0; (await holders()).length !== 1; attempt++) {
        assert.ok(attempt < 400, `one consultation holds the slot in the end: ${JSON.stringify(bookings)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const [holder] = await holders();
      const accepted = ids.filter((_, index) => bookings[index]!.ok);
      assert.ok(accepted.includes(holder!.id), 'the one holding it was accepted');
    }
  });

  test('the process that follows is killed: the other takes over within the lease and handles what came meanwhile', async () => {
    const holderOf = (follower: string) =>
      processes.find((child) => child.logs().some((line) => line.msg === 'this instance follows the changes' && line['follower'] === follower))!;
    const holder = holderOf('consultations-referrals');
    const survivor = holder === p1() ? p2() : p1();
    const killed = await holder.signal('SIGKILL');
    assert.equal(killed.signal, 'SIGKILL');

    const crashedAt = Date.now();
    const later = patients.slice(10, 12);
    await writeReferrals(later, 'after-crash');
    for (const patient of later) {
      await waitFor('a consultation from a referral written after the crash', async () => (await stored(consultationOf(patient, 'after-crash')))?.status === 'awaiting_documents', 60_000);
    }
    const tookMs = Date.now() - crashedAt;
    console.log(`# a referral written right after the follower's process was killed opened its consultation after ${tookMs} ms (lease ${LEASE_SECONDS} s)`);
    // Handled by the survivor (its log line follows the handler's after-commit work: wait for it).
    for (const patient of later) {
      const id = referralIdOf(patient, 'after-crash');
      await survivor.logged(`the survivor handled ${id}`, (line) => line.msg === 'change handled' && line['follower'] === 'consultations-referrals' && line['id'] === id);
    }
    assert.deepEqual(handledBy(survivor, 'consultations-referrals').filter((id) => id.endsWith('after-crash')).sort(), later.map((patient) => referralIdOf(patient, 'after-crash')).sort());
    // The two given documents of a waiting patient make them ready: readiness moved over too.
    await giveDocuments(later[0]!);
    await waitFor('readiness on the survivor', async () => (await stored(consultationOf(later[0]!, 'after-crash')))?.status === 'ready', 60_000);
    assert.deepEqual(errorsOf(survivor), []);

    // And the survivor shuts down promptly on SIGTERM, giving its leases up.
    const stopped = await survivor.signal('SIGTERM');
    console.log(`# SIGTERM to exit: ${stopped.ms} ms`);
    assert.equal(stopped.code, 0, survivor.output().slice(-2000));
    assert.ok(!survivor.output().includes('shutdown took too long'));
    const lease = (await store('referrals').get('_local/consultations-referrals')) as unknown as { leaseUntil: string; holder?: string };
    assert.equal(lease.holder, undefined, 'given up');
    assert.ok(Date.parse(lease.leaseUntil) <= Date.now());
  });
});

async function setCalendar(via: ServerProcess, doctor: SignedIn): Promise<void> {
  const id = docId(doctor.id, 'settings');
  const client = new SyncClient(via.baseUrl, 'doctor_settings', doctor.token);
  const { body } = await client.bulkDocs([{ _id: id, doctorId: doctor.id, ...ALWAYS_OPEN, specialties: ['cardiology'], updatedAt: new Date().toISOString() }]);
  if (!body[0]?.ok) throw new Error(`settings refused: ${JSON.stringify(body[0])}`);
}
