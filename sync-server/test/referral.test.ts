import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers/test-server';
import { bearer, postJson, requestJson } from './helpers/http';
import { csv } from './helpers/referral-tables';
import { commit, manager, preview } from './helpers/admin-test-kit';

interface Changes {
  results: { id: string; doc?: Record<string, unknown> }[];
}

/** The `referrals` collection: written only by the import, read by the patient, their doctors and staff. */
describe('referrals replication', () => {
  let server: TestServer;
  let managerToken: string;
  let patientA: string;
  let patientB: string;
  before(async () => {
    server = await startTestServer();
    managerToken = (await manager(server)).token;
    const table = csv([
      ['ФИО', 'Телефон', 'Диагноз', 'Код МКБ-10', 'Направившая МО', 'Профиль консультации'],
      ['Первая Анна Ивановна', '89005550001', 'Рак молочной железы', 'C50.9', 'ЦРБ', 'Онкология'],
      ['Первая Анна Ивановна', '89005550001', 'Гипертония', 'I10', 'ЦРБ', 'Кардиология'],
      ['Второй Борис Петрович', '89005550002', 'Сахарный диабет', 'E11', 'ГБ №2', 'Эндокринология'],
    ]);
    const result = (await preview(server, managerToken, [{ name: 'r.csv', bytes: table }])).body;
    assert.equal((await commit(server, managerToken, result.previewId)).status, 200);
    await server.app.sms.runOnce(); // credentials sent (their one-time passwords set) before the tests set passwords
    patientA = (await server.app.accounts.findByPhone('+79005550001'))!.id;
    patientB = (await server.app.accounts.findByPhone('+79005550002'))!.id;
  });
  after(async () => server.close());

  const changes = (token: string) => requestJson<Changes>(`${server.baseUrl}/sync/referrals/_changes?feed=normal&include_docs=true&style=all_docs`, { headers: bearer(token) });

  test('a patient sees their own referrals only, with the table\'s fields', async () => {
    await server.app.accounts.setPassword(patientA, 'пароль-пациентки');
    const session = await server.signIn('+79005550001', 'пароль-пациентки');
    const response = await changes(session.accessToken);
    assert.equal(response.status, 200);
    const docs = response.body.results.map((r) => r.doc!);
    assert.equal(docs.length, 2);
    assert.ok(docs.every((doc) => doc['patientId'] === patientA && String(doc['_id']).startsWith(`${patientA}:referral-`)));
    const oncology = docs.find((doc) => doc['icd10'] === 'C50.9')!;
    assert.equal(oncology['consultationProfile'], 'Онкология');
    assert.equal(oncology['referringOrganization'], 'ЦРБ');
  });

  test('a doctor sees the referrals of assigned patients only; a manager\'s device pulls none (managers work online)', async () => {
    const doctor = await server.createAccount('doctor');
    const session = await server.signIn(doctor.phone, doctor.password);
    assert.equal((await changes(session.accessToken)).body.results.length, 0);
    await postJson(`${server.baseUrl}/api/admin/assignments`, { doctorId: doctor.user.id, patientId: patientB }, bearer(managerToken));
    const assigned = (await changes(session.accessToken)).body.results.map((r) => r.doc!['patientId']);
    assert.deepEqual(assigned, [patientB]);
    assert.equal((await changes(managerToken)).status, 403);
  });

  test('no device writes a referral, not even the manager\'s', async () => {
    await server.app.accounts.setPassword(patientB, 'пароль-пациента');
    const patient = await server.signIn('+79005550002', 'пароль-пациента');
    for (const token of [patient.accessToken, managerToken]) {
      const forged = { _id: `${patientB}:referral-forged`, patientId: patientB, diagnosis: 'x', icd10: '', referringOrganization: '', attendingDoctor: '', consultationProfile: '', source: { fileName: 'x', sheet: 'x', rowNumber: 1 }, importId: 'x', importedBy: 'x', importedAt: new Date().toISOString() };
      const response = await postJson<{ error?: string }[]>(`${server.baseUrl}/sync/referrals/_bulk_docs`, { docs: [forged], new_edits: true }, bearer(token));
      assert.ok(response.status === 201 || response.status === 403, `status ${response.status}`);
      if (response.status === 201) assert.equal(response.body[0]!.error, 'forbidden');
    }
    await assert.rejects(server.app.store.db('referrals').get(`${patientB}:referral-forged`), { status: 404 });
  });
});
