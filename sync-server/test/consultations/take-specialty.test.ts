import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { docId } from '@oblako/domain';
import { signedIn } from '../helpers/documents';
import { SyncClient } from '../helpers/sync-client';
import { bearer, postJson } from '../helpers/http';
import type { QueueEntry } from '../../../modules/consultations/index';
import { ALWAYS_OPEN, get, newPatient, readyConsultation, setCalendar, startWorld, stored, take, type World } from './kit';

/**
 * Knowing a consultation's id is no right to the patient: a doctor takes only consultations of
 * their specialties (what their queue lists); a manager's reassignment still hands one to anyone.
 */
describe('taking a patient is limited to the doctor\'s specialties', () => {
  let world: World;
  let neurologist: World['doctor'];

  before(async () => {
    world = await startWorld(); // world.doctor and world.otherDoctor: cardiology
    neurologist = await signedIn(world.server, 'doctor');
    await setCalendar(world.server, neurologist, ALWAYS_OPEN, ['neurology']);
  });
  after(async () => world.server.close());

  const profileVisibleTo = async (who: World['doctor'], patientId: string) => {
    const rows = (await new SyncClient(world.server.baseUrl, 'profiles', who.token).allDocs([docId(patientId, 'profile')])).body.rows;
    return rows[0]?.error === undefined;
  };

  it('a doctor of another specialty is refused (403, Russian message), gets no access, and the consultation stays in the queue', async () => {
    const patient = await newPatient(world.server);
    const ready = await readyConsultation(world, patient); // cardiology
    const queue = await get<QueueEntry[]>(world, neurologist, '/api/consultations/queue');
    assert.equal(queue.status, 200);
    assert.ok(!queue.body.some((entry) => entry.consultationId === ready.id), 'not in the neurologist\'s queue');

    const refused = await take(world, neurologist, ready.id);
    assert.equal(refused.status, 403);
    assert.equal(refused.body['code'], 'not_your_specialty');
    assert.equal(refused.body['message'], 'Эта консультация не по вашей специальности. Передать её вам может менеджер.');
    const now = (await stored(world.server, ready.id))!.consultation;
    assert.equal(now.status, 'ready');
    assert.equal(now.doctorId, undefined);
    assert.equal(await profileVisibleTo(neurologist, patient.id), false, 'no records for the refused doctor');
    assert.deepEqual(await world.server.app.access.doctorsOf(patient.id), []);

    const taken = await take(world, world.doctor, ready.id);
    assert.equal(taken.status, 200, 'the cardiologist takes it');
    assert.equal(await profileVisibleTo(world.doctor, patient.id), true);
  });

  it('a manager\'s reassignment still hands a consultation to a doctor of another specialty', async () => {
    const patient = await newPatient(world.server);
    const ready = await readyConsultation(world, patient);
    const moved = await postJson(
      `${world.server.baseUrl}/api/consultations/${encodeURIComponent(ready.id)}/reassign`,
      { doctorId: neurologist.id, reason: 'Нужен невролог' },
      bearer(world.manager.token),
    );
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal((await stored(world.server, ready.id))!.consultation.doctorId, neurologist.id);
    assert.equal(await profileVisibleTo(neurologist, patient.id), true);
  });

  it('a doctor who set no specialties sees every ready consultation and may take it', async () => {
    const generalist = await signedIn(world.server, 'doctor');
    await setCalendar(world.server, generalist, ALWAYS_OPEN, []);
    const patient = await newPatient(world.server);
    const ready = await readyConsultation(world, patient);
    const queue = await get<QueueEntry[]>(world, generalist, '/api/consultations/queue');
    assert.ok(queue.body.some((entry) => entry.consultationId === ready.id));
    assert.equal((await take(world, generalist, ready.id)).status, 200);
  });
});
