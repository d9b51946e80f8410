import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PouchDB from 'pouchdb-node';
import { docId, type Consultation } from '@oblako/domain';
import type { PushJobDoc } from '../../../modules/push/server/jobs';
import { waitFor } from '../consultations/kit';
import { startCouchStandIn } from '../helpers/couch-stand-in';
import { signedIn } from '../helpers/documents';
import { PushServiceStandIn } from '../helpers/push-service-stand-in';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { jobsOf, pushConfig, setProfile, storeConsultation, subscribe } from './kit';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function scheduled(patientId: string, startMs: number, over: Partial<Consultation> = {}): Consultation {
  const at = new Date().toISOString();
  return {
    id: docId(patientId, `consultation-${randomUUID()}`),
    patientId,
    status: 'scheduled',
    specialty: 'cardiology',
    slot: { start: new Date(startMs).toISOString(), end: new Date(startMs + 30 * MINUTE).toISOString() },
    history: [],
    createdAt: at,
    updatedAt: at,
    ...over,
  } as unknown as Consultation;
}

const summary = (jobs: PushJobDoc[]) => jobs.map((job) => `${job.role}:${job.kind}:${job.state}`).sort();

describe('durable reminder scheduler', () => {
  let push: PushServiceStandIn;
  before(async () => {
    push = await new PushServiceStandIn().start();
  });
  after(async () => push.stop());

  it('moving a consultation recomputes its reminders; cancelling leaves none', async () => {
    const server = await startTestServer(pushConfig());
    try {
      const [patient, doctor] = [await signedIn(server, 'patient'), await signedIn(server, 'doctor')];
      const first = Math.ceil((Date.now() + 3 * HOUR) / MINUTE) * MINUTE;
      const consultation = scheduled(patient.id, first, { doctorId: doctor.id } as Partial<Consultation>);
      await storeConsultation(server, consultation);
      const prefix = `reminder:${consultation.id}:`;
      // 3 h ahead: no 24 h reminder (already past when booked); 1 h and start for both.
      await waitFor('4 reminders planned', async () => (await jobsOf(server, prefix)).length === 4);
      assert.deepEqual(summary(await jobsOf(server, prefix)), ['doctor:reminder_1h:queued', 'doctor:reminder_start:queued', 'patient:reminder_1h:queued', 'patient:reminder_start:queued']);

      const moved = first + 2 * HOUR;
      await storeConsultation(server, { ...consultation, slot: { start: new Date(moved).toISOString(), end: new Date(moved + 30 * MINUTE).toISOString() } });
      const afterMove = await waitFor('the move recomputed', async () => {
        const jobs = await jobsOf(server, prefix);
        return jobs.length === 8 && jobs.filter((job) => job.state === 'cancelled').length === 4 ? jobs : null;
      });
      assert.ok(afterMove.filter((job) => job.state === 'queued').every((job) => job.slot?.start === new Date(moved).toISOString()));
      assert.ok(afterMove.filter((job) => job.state === 'cancelled').every((job) => job.slot?.start === new Date(first).toISOString()));

      await storeConsultation(server, { ...consultation, status: 'cancelled', slot: { start: new Date(moved).toISOString(), end: new Date(moved + 30 * MINUTE).toISOString() } });
      await waitFor('every reminder cancelled', async () => (await jobsOf(server, prefix)).every((job) => job.state === 'cancelled'));
    } finally {
      await server.close();
    }
  });

  it('«Врач ждёт вас» at the start reaches the patient; a reminder of a consultation moved meanwhile is dropped, not sent', async () => {
    const server = await startTestServer(pushConfig());
    try {
      const patient = await signedIn(server, 'patient');
      const phone = push.device(`start-${randomUUID()}`);
      await subscribe(server, patient.token, phone);
      const startsNow = scheduled(patient.id, Date.now() + 1500);
      await storeConsultation(server, startsNow);
      await waitFor('the start reminder', async () => push.to(phone.name).length === 1, 15_000);
      const payload = push.to(phone.name)[0]!.payload.notification;
      assert.equal(payload.body, 'Врач ждёт вас — подключиться.');
      assert.equal(payload.data.kind, 'reminder_start');
      assert.equal(push.to(phone.name)[0]!.headers['urgency'], 'high');

      // A job due now whose consultation has another time by the moment it is claimed.
      const movedAway = scheduled(patient.id, Date.now() + 3 * HOUR);
      await storeConsultation(server, movedAway);
      const staleStart = Date.now() + 2 * HOUR;
      const jobId = `reminder:${movedAway.id}:${staleStart}:reminder_1h:${patient.id}`;
      const now = new Date().toISOString();
      await server.app.store.db('push_jobs').put({
        _id: jobId, type: 'push_job', source: 'reminder', accountId: patient.id, role: 'patient', kind: 'reminder_1h', consultationId: movedAway.id, patientId: patient.id,
        slot: { start: new Date(staleStart).toISOString(), end: new Date(staleStart + 30 * MINUTE).toISOString() },
        dueAt: now, expiresAt: new Date(staleStart).toISOString(), state: 'queued', attempts: 0, createdAt: now, updatedAt: now,
      });
      const dropped = await waitFor('the stale reminder dropped', async () => {
        const job = (await jobsOf(server, jobId))[0];
        return job && job.state !== 'queued' && job.state !== 'sending' ? job : null;
      });
      assert.equal(dropped.state, 'cancelled');
      assert.equal(push.to(phone.name).length, 1);
    } finally {
      await server.close();
    }
  });

  it('a restart after downtime and a sender killed mid-batch: due reminders that still make sense go out once, stale ones never', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'oblako-push-restart-'));
    try {
      let server: TestServer = await startTestServer(pushConfig({ dataDir, pushLeaseSeconds: 1 }));
      const patient = await signedIn(server, 'patient');
      const phone = push.device(`restart-${randomUUID()}`);
      await subscribe(server, patient.token, phone);
      await setProfile(server, patient.id, { timeZone: 'Asia/Kamchatka' });
      const now = Date.now();
      // Consultations as they stand after the downtime (their reminders were planned before it).
      const inTenHours = scheduled(patient.id, now + 10 * HOUR);
      const startedFiveMinutesAgo = scheduled(patient.id, now - 5 * MINUTE);
      const startsInHalfAnHour = scheduled(patient.id, now + 30 * MINUTE);
      const inThreeHours = scheduled(patient.id, now + 3 * HOUR);
      for (const consultation of [inTenHours, startedFiveMinutesAgo, startsInHalfAnHour, inThreeHours]) await storeConsultation(server, consultation);
      await server.close();

      // What the previous run left in the store: reminders that fell due during the downtime,
      // and two the killed sender had claimed (state `sending`, its lease long over).
      const jobs = new PouchDB(join(dataDir, 'db', 'oblako_push_jobs'));
      const job = (consultation: Consultation, kind: string, dueAt: number, expiresAt: number, over: Partial<PushJobDoc> = {}): PushJobDoc => ({
        _id: `reminder:${consultation.id}:${Date.parse(consultation.slot!.start)}:${kind}:${patient.id}`, type: 'push_job', source: 'reminder',
        accountId: patient.id, role: 'patient', kind, consultationId: consultation.id, patientId: patient.id, slot: consultation.slot!,
        dueAt: new Date(dueAt).toISOString(), expiresAt: new Date(expiresAt).toISOString(), state: 'queued', attempts: 0,
        createdAt: new Date(now - 2 * HOUR).toISOString(), updatedAt: new Date(now - 2 * HOUR).toISOString(), ...over,
      });
      const tenStart = Date.parse(inTenHours.slot!.start);
      const pastStart = Date.parse(startedFiveMinutesAgo.slot!.start);
      const halfStart = Date.parse(startsInHalfAnHour.slot!.start);
      const threeStart = Date.parse(inThreeHours.slot!.start);
      const left = [
        // 24 h reminder due 14 h ago, still useful until an hour before the start: sent.
        job(inTenHours, 'reminder_24h', tenStart - 24 * HOUR, tenStart - HOUR),
        // «через час» for a consultation that started 5 minutes ago: never.
        job(startedFiveMinutesAgo, 'reminder_1h', pastStart - HOUR, pastStart),
        // «врач ждёт вас» 5 minutes after the start (within the 15): sent.
        job(startedFiveMinutesAgo, 'reminder_start', pastStart, pastStart + 15 * MINUTE),
        // Claimed by the killed sender (maybe sent, maybe not): sent again, same tag.
        job(startsInHalfAnHour, 'reminder_1h', halfStart - HOUR, halfStart, { state: 'sending', attempts: 1, leaseOwner: 'dead-instance', leaseUntil: new Date(now - MINUTE).toISOString() }),
        // Not due yet: stays queued.
        job(inThreeHours, 'reminder_1h', threeStart - HOUR, threeStart),
      ];
      await jobs.bulkDocs(left);
      await jobs.close();

      server = await startTestServer(pushConfig({ dataDir, pushLeaseSeconds: 1 }));
      try {
        const final = await waitFor('the catch-up', async () => {
          const states = await Promise.all(left.map(async (doc) => (await jobsOf(server, doc._id))[0]));
          return states.every((state) => state && state.state !== 'sending' && (state.state !== 'queued' || state._id === left[4]!._id)) ? states : null;
        }, 20_000);
        assert.deepEqual(final.map((doc) => `${doc!.kind}:${doc!.state}`), ['reminder_24h:sent', 'reminder_1h:expired', 'reminder_start:sent', 'reminder_1h:sent', 'reminder_1h:queued']);
        const bodies = push.to(phone.name).map((received) => received.payload.notification.body).sort();
        assert.equal(bodies.length, 3);
        assert.ok(bodies.some((body) => /^Напоминание: консультация .*\(Камчатка, UTC\+12\)\.$/.test(body)), bodies.join(' | '));
        assert.ok(bodies.includes('Врач ждёт вас — подключиться.'));
        assert.ok(bodies.some((body) => /^Через час консультация, в \d\d:\d\d \(Камчатка, UTC\+12\)\.$/.test(body)));
        // No push tag twice.
        const tags = push.to(phone.name).map((received) => received.payload.notification.tag);
        assert.equal(new Set(tags).size, tags.length);
      } finally {
        await server.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('two server instances on one CouchDB: each of 120 reminders is sent exactly once', async () => {
    const couch = await startCouchStandIn();
    const dbPrefix = `push_${randomBytes(4).toString('hex')}_`;
    // Instances of one deployment share the store and the JWT secret.
    const shared = { couchUrl: couch.url, dbPrefix, jwtSecret: randomBytes(32).toString('base64url') };
    const [one, two] = [await startTestServer(pushConfig(shared)), await startTestServer(pushConfig(shared))];
    try {
      const patient = await signedIn(one, 'patient');
      const phone = push.device(`two-${randomUUID()}`);
      assert.equal((await subscribe(two, patient.token, phone)).status, 201);
      const before = push.to(phone.name).length;
      const start = Date.now() + 2000;
      const consultations = Array.from({ length: 120 }, () => scheduled(patient.id, start));
      await one.app.store.db('consultations').bulkDocs(consultations.map(({ id, ...rest }) => ({ _id: id, ...rest })));
      // Done when every reminder is finished in the store: after that nobody can claim one again.
      await waitFor('120 reminders sent', async () => {
        const jobs = await jobsOf(one, 'reminder:');
        return jobs.length === 120 && jobs.every((job) => job.state === 'sent');
      }, 90_000);
      const received = push.to(phone.name).slice(before);
      const perConsultation = new Map<string, number>();
      for (const message of received) perConsultation.set(message.payload.notification.data.consultationId, (perConsultation.get(message.payload.notification.data.consultationId) ?? 0) + 1);
      assert.equal(received.length, 120);
      assert.equal(perConsultation.size, 120);
      assert.ok([...perConsultation.values()].every((count) => count === 1));
      // One claim each: no reminder was taken twice.
      assert.deepEqual([...new Set((await jobsOf(one, 'reminder:')).map((job) => job.attempts))], [1]);
    } finally {
      await one.close();
      await two.close();
      await couch.close();
    }
  });
});
