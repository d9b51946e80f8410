import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AUTH_API, CLIENT_HEADER } from '@oblako/domain';
import { CONSULTATIONS_API } from '../../modules/consultations/api';
import {
  ADMIN_API, STAFF_API, staffDeactivationUrl, staffHoldingsUrl, staffPasswordResetUrl, staffSpecialtiesUrl,
  type DeactivationResult, type SmsList, type StaffAuditEntry, type StaffMember,
} from '../../modules/admin/index';
import { manager } from './helpers/admin-test-kit';
import { bearer, postJson, requestJson } from './helpers/http';
import { SyncClient } from './helpers/sync-client';
import { randomPhone, startTestServer, type TestServer } from './helpers/test-server';

/** Sends what is due until the latest credentials SMS of the account is sent (the background sender may hold it meanwhile). */
async function credentialsSent(server: TestServer, accountId: string): Promise<void> {
  for (;;) {
    await server.app.sms.runOnce();
    const messages = await server.app.sms.find({ purpose: 'credentials', accountId });
    const state = messages[messages.length - 1]?.state;
    if (state === 'sent') return;
    if (state === 'failed' || state === 'cancelled' || state === undefined) throw new Error(`credentials SMS of ${accountId}: ${String(state)}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

interface ApiErrorBody {
  code: string;
  message: string;
  field?: string;
}

/** «Сотрудники»: every rule of issue 12 for staff accounts, against the real embedded store. */
describe('staff accounts', () => {
  let server: TestServer;
  let boss: Awaited<ReturnType<typeof manager>>;

  before(async () => {
    server = await startTestServer();
    boss = await manager(server);
  });
  after(async () => server.close());

  const add = (body: Record<string, unknown>, headers = boss.headers) => postJson<StaffMember & ApiErrorBody>(`${server.baseUrl}${STAFF_API.staff}`, body, headers);
  const post = <T>(url: string, headers = boss.headers) => postJson<T & ApiErrorBody>(`${server.baseUrl}${url}`, {}, headers);

  /** Sends what the SMS queue holds and returns the one-time password of the latest credentials SMS to `phone`. */
  const smsPassword = async (phone: string): Promise<string> => {
    const account = await server.app.accounts.findByPhone(phone);
    await credentialsSent(server, account!.id);
    const list = await requestJson<SmsList>(`${server.baseUrl}${ADMIN_API.sms}?limit=50`, { headers: boss.headers });
    const message = list.body.messages.find((sms) => sms.to === phone && sms.purpose === 'credentials' && sms.state === 'sent');
    const password = /временный пароль: (\S+)\./.exec(message?.text ?? '')?.[1];
    assert.ok(password, `no credentials SMS to ${phone}: ${JSON.stringify(list.body.messages.map((sms) => [sms.to, sms.state]))}`);
    return password;
  };

  const firstSignIn = async (phone: string, oneTime: string, own: string) => {
    const session = await server.signIn(phone, oneTime);
    assert.equal(session.user.mustChangePassword, true);
    const changed = await postJson<{ accessToken: string }>(`${server.baseUrl}${AUTH_API.changePassword}`, { currentPassword: oneTime, newPassword: own }, bearer(session.accessToken));
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    return server.signIn(phone, own);
  };

  test('a manager adds a doctor, who gets an SMS with the login and a one-time password and reaches «Новые пациенты»', async () => {
    const phone = randomPhone();
    const created = await add({ role: 'doctor', fullName: '  Орлова   Нина Сергеевна ', phone: phone.replace('+7', '8'), specialties: ['кардиолог', 'Онкология'], timeZone: 'Asia/Yekaterinburg' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.fullName, 'Орлова Нина Сергеевна');
    assert.equal(created.body.phone, phone);
    assert.deepEqual(created.body.specialties, ['cardiology', 'oncology']);
    assert.equal(created.body.timeZone, 'Asia/Yekaterinburg');
    // The queue may have sent it already by the time the answer is read.
    assert.ok(['queued', 'sending', 'sent'].includes(created.body.sms?.state ?? ''), created.body.sms?.state);
    assert.equal(created.body.activated, false);

    const oneTime = await smsPassword(phone);
    const session = await firstSignIn(phone, oneTime, 'свой-пароль-врача');
    assert.equal(session.user.role, 'doctor');
    const queue = await requestJson<unknown[]>(`${server.baseUrl}${CONSULTATIONS_API.queue}`, { headers: bearer(session.accessToken) });
    assert.equal(queue.status, 200);
    // The doctor's calendar (the consultations module's replicated settings) carries what the manager set.
    const settings = await server.app.store.db('doctor_settings').get<{ specialties: string[]; timeZone: string }>(`${created.body.id}:settings`);
    assert.deepEqual(settings.specialties, ['cardiology', 'oncology']);
    assert.equal(settings.timeZone, 'Asia/Yekaterinburg');

    const list = await requestJson<StaffMember[]>(`${server.baseUrl}${STAFF_API.staff}`, { headers: boss.headers });
    const listed = list.body.find((member) => member.id === created.body.id);
    assert.equal(listed?.activated, true);
    assert.equal(listed?.sms?.state, 'sent');
    assert.ok(list.body.some((member) => member.id === boss.user.id && member.role === 'manager'));
  });

  test('bad input is refused with its own code, Russian message and field; nothing is created', async () => {
    const patient = await server.createAccount('patient');
    const staffer = await server.createAccount('doctor');
    const before = (await requestJson<StaffMember[]>(`${server.baseUrl}${STAFF_API.staff}`, { headers: boss.headers })).body.length;
    const cases: [Record<string, unknown>, number, string, string | undefined][] = [
      [{ role: 'doctor', fullName: 'Новый Врач', phone: patient.phone, specialties: ['therapy'] }, 409, 'staff_phone_taken', 'phone'],
      [{ role: 'manager', fullName: 'Новый Менеджер', phone: staffer.phone }, 409, 'staff_phone_taken', 'phone'],
      [{ role: 'doctor', fullName: 'Новый Врач', phone: '12345', specialties: ['therapy'] }, 400, 'invalid_phone', 'phone'],
      [{ role: 'doctor', fullName: '   ', phone: randomPhone(), specialties: ['therapy'] }, 400, 'staff_name_required', 'fullName'],
      [{ role: 'doctor', fullName: 'Новый Врач', phone: randomPhone(), specialties: [] }, 400, 'staff_specialty_required', 'specialties'],
      [{ role: 'doctor', fullName: 'Новый Врач', phone: randomPhone(), specialties: ['  '] }, 400, 'staff_specialty_required', 'specialties'],
      [{ role: 'doctor', fullName: 'Новый Врач', phone: randomPhone() }, 400, 'staff_specialty_required', 'specialties'],
      [{ role: 'doctor', fullName: 'Новый Врач', phone: randomPhone(), specialties: ['therapy'], timeZone: 'Europe/Paris' }, 400, 'staff_time_zone_invalid', 'timeZone'],
      [{ role: 'patient', fullName: 'Новый Пациент', phone: randomPhone() }, 400, 'validation', 'role'],
      [{ role: 'manager', fullName: 'Новый Менеджер', phone: randomPhone(), isAdmin: true }, 400, 'validation', undefined],
    ];
    for (const [body, status, code, field] of cases) {
      const response = await add(body);
      assert.equal(response.status, status, `${JSON.stringify(body)} → ${JSON.stringify(response.body)}`);
      assert.equal(response.body.code, code);
      if (field) assert.equal(response.body.field, field);
      assert.match(response.body.message, /[А-Яа-яЁё]/);
    }
    const phoneTaken = await add({ role: 'manager', fullName: 'Новый Менеджер', phone: patient.phone });
    assert.equal(phoneTaken.body.message, 'Этот номер уже принадлежит пациенту или сотруднику. Укажите другой номер.');
    const after = (await requestJson<StaffMember[]>(`${server.baseUrl}${STAFF_API.staff}`, { headers: boss.headers })).body.length;
    assert.equal(after, before);
  });

  test('only managers reach the staff routes', async () => {
    const doctor = await server.createAccount('doctor');
    const doctorSession = await server.signIn(doctor.phone, doctor.password);
    const patient = await server.createAccount('patient');
    const patientSession = await server.signIn(patient.phone, patient.password);
    for (const headers of [bearer(doctorSession.accessToken), bearer(patientSession.accessToken)]) {
      assert.equal((await requestJson(`${server.baseUrl}${STAFF_API.staff}`, { headers })).status, 403);
      assert.equal((await add({ role: 'manager', fullName: 'Захватчик', phone: randomPhone() }, headers)).status, 403);
      assert.equal((await post(staffDeactivationUrl(boss.user.id), headers)).status, 403);
      assert.equal((await requestJson(`${server.baseUrl}${STAFF_API.audit}`, { headers })).status, 403);
    }
    assert.equal((await requestJson(`${server.baseUrl}${STAFF_API.staff}`)).status, 401);
  });

  test('changing a doctor\'s specialties updates the calendar settings and is audited with before and after', async () => {
    const created = await add({ role: 'doctor', fullName: 'Белов Игорь Петрович', phone: randomPhone(), specialties: ['therapy'] });
    const url = `${server.baseUrl}${staffSpecialtiesUrl(created.body.id)}`;
    const put = (body: unknown) => postJson<StaffMember & ApiErrorBody>(url, body, boss.headers);
    const changed = await put({ specialties: ['neurology', 'Неврология', 'Хирургия'] });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.deepEqual(changed.body.specialties, ['neurology', 'surgery']);
    const settings = await server.app.store.db('doctor_settings').get<{ specialties: string[]; timeZone: string }>(`${created.body.id}:settings`);
    assert.deepEqual(settings.specialties, ['neurology', 'surgery']);
    assert.equal(settings.timeZone, 'Europe/Moscow');

    assert.equal((await put({ specialties: [] })).body.code, 'staff_specialty_required');
    const managerChange = await postJson<ApiErrorBody>(`${server.baseUrl}${staffSpecialtiesUrl(boss.user.id)}`, { specialties: ['therapy'] }, boss.headers);
    assert.equal(managerChange.status, 409);
    assert.equal(managerChange.body.code, 'staff_not_doctor');
    const unknown = await postJson<ApiErrorBody>(`${server.baseUrl}${staffSpecialtiesUrl('00000000-0000-4000-8000-000000000000')}`, { specialties: ['therapy'] }, boss.headers);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'staff_not_found');

    const audit = await requestJson<StaffAuditEntry[]>(`${server.baseUrl}${STAFF_API.audit}`, { headers: boss.headers });
    const entry = audit.body.find((item) => item.action === 'staff_specialties_changed' && item.staff.id === created.body.id);
    assert.deepEqual(entry?.details, { from: ['therapy'], to: ['neurology', 'surgery'] });
    assert.deepEqual(entry?.actor, { id: boss.user.id, name: 'Кузнецова Ольга Ивановна' });
    assert.ok(Math.abs(Date.parse(entry!.at) - Date.now()) < 60_000);
  });

  test('a password reset ends the old password and sessions at once and sends a new one-time password', async () => {
    const phone = randomPhone();
    const created = await add({ role: 'manager', fullName: 'Соколова Анна Викторовна', phone });
    const own = 'пароль-до-сброса';
    const session = await firstSignIn(phone, await smsPassword(phone), own);
    const reset = await post<StaffMember>(staffPasswordResetUrl(created.body.id));
    assert.equal(reset.status, 200, JSON.stringify(reset.body));
    assert.equal(reset.body.activated, false);
    const me = await requestJson<ApiErrorBody>(`${server.baseUrl}${AUTH_API.me}`, { headers: bearer(session.accessToken) });
    assert.equal(me.status, 401);
    const oldPassword = await postJson<ApiErrorBody>(`${server.baseUrl}${AUTH_API.signIn}`, { phone, password: own });
    assert.equal(oldPassword.status, 401);
    const again = await firstSignIn(phone, await smsPassword(phone), 'новый-пароль-после-сброса');
    assert.equal(again.user.role, 'manager');
  });

  test('deactivating a doctor ends their access and refresh tokens at once, refuses sign-in, and lists what they held', async () => {
    const phone = randomPhone();
    const created = await add({ role: 'doctor', fullName: 'Уходящий Пётр Ильич', phone, specialties: ['cardiology'] });
    const session = await firstSignIn(phone, await smsPassword(phone), 'пароль-уходящего');
    const patient = await server.createAccount('patient', { name: 'Пациентова Вера Андреевна' });
    await server.app.access.assign(created.body.id, patient.user.id, boss.user.id);
    // An unfinished consultation held by the doctor, and a finished one that needs nothing.
    await server.app.store.db('consultations').bulkDocs([
      { _id: `${patient.user.id}:c-open`, patientId: patient.user.id, doctorId: created.body.id, status: 'scheduled', specialty: 'cardiology' },
      { _id: `${patient.user.id}:c-done`, patientId: patient.user.id, doctorId: created.body.id, status: 'done', specialty: 'cardiology' },
    ]);

    const replication = new SyncClient(server.baseUrl, 'doctor_settings', session.accessToken);
    const first = await replication.changes({ feed: 'normal', since: 0 });
    assert.equal(first.status, 200);
    const result = await post<DeactivationResult>(staffDeactivationUrl(created.body.id));
    assert.equal(result.status, 200, JSON.stringify(result.body));
    assert.equal(result.body.member.disabled, true);
    assert.deepEqual(result.body.holdings.patients, [{ patientId: patient.user.id, patientName: 'Пациентова Вера Андреевна' }]);
    assert.deepEqual(result.body.holdings.consultations.map((held) => [held.consultationId, held.status, held.patientName]), [[`${patient.user.id}:c-open`, 'scheduled', 'Пациентова Вера Андреевна']]);
    const holdings = await requestJson<DeactivationResult['holdings']>(`${server.baseUrl}${staffHoldingsUrl(created.body.id)}`, { headers: boss.headers });
    assert.deepEqual(holdings.body, result.body.holdings);

    // The open tab's next replication request (its longpoll) is refused, so the tab signs out.
    const next = await replication.changes({ feed: 'longpoll', since: first.body.last_seq, timeout: 60_000 });
    assert.equal(next.status, 401);
    const queue = await requestJson<ApiErrorBody>(`${server.baseUrl}${CONSULTATIONS_API.queue}`, { headers: bearer(session.accessToken) });
    assert.equal(queue.status, 401);
    assert.equal(queue.body.code, 'account_disabled');
    const refreshed = await postJson<ApiErrorBody>(`${server.baseUrl}${AUTH_API.refresh}`, {}, { cookie: session.cookie, [CLIENT_HEADER]: '1' });
    assert.equal(refreshed.status, 401);
    const signIn = await postJson<ApiErrorBody>(`${server.baseUrl}${AUTH_API.signIn}`, { phone, password: 'пароль-уходящего' });
    assert.equal(signIn.status, 403);
    assert.equal(signIn.body.code, 'account_disabled');
    // A password reset cannot bring the account back.
    assert.equal((await post<StaffMember>(staffPasswordResetUrl(created.body.id))).body.code, 'staff_disabled');
    assert.equal((await post<StaffMember>(staffDeactivationUrl(created.body.id))).body.code, 'staff_already_disabled');

    const list = await requestJson<StaffMember[]>(`${server.baseUrl}${STAFF_API.staff}`, { headers: boss.headers });
    assert.equal(list.body.find((member) => member.id === created.body.id)?.disabled, true);
    const doctors = await requestJson<{ id: string }[]>(`${server.baseUrl}${CONSULTATIONS_API.doctors}`, { headers: boss.headers });
    assert.ok(!doctors.body.some((doctor) => doctor.id === created.body.id), 'a deactivated doctor is not offered for reassignment');
    const audit = await requestJson<StaffAuditEntry[]>(`${server.baseUrl}${STAFF_API.audit}`, { headers: boss.headers });
    const entry = audit.body.find((item) => item.action === 'staff_deactivated' && item.staff.id === created.body.id);
    assert.deepEqual(entry?.details, { patients: 1, consultations: 1 });
    assert.equal(entry?.actor.id, boss.user.id);
  });

  test('the last active manager cannot be deactivated, nor can a manager deactivate themselves', async () => {
    const own = await startTestServer();
    try {
      const first = await manager(own);
      const self = await postJson<ApiErrorBody>(`${own.baseUrl}${staffDeactivationUrl(first.user.id)}`, {}, first.headers);
      assert.equal(self.body.code, 'staff_self_deactivation');
      const phone = randomPhone();
      const second = await postJson<StaffMember>(`${own.baseUrl}${STAFF_API.staff}`, { role: 'manager', fullName: 'Второй Менеджер', phone }, first.headers);
      await credentialsSent(own, second.body.id); // its one-time password is set before ours
      await own.app.accounts.setPassword(second.body.id, 'пароль-второго');
      const secondSession = await own.signIn(phone, 'пароль-второго');
      // The second manager deactivates the first: allowed, one active manager remains.
      const done = await postJson<DeactivationResult>(`${own.baseUrl}${staffDeactivationUrl(first.user.id)}`, {}, bearer(secondSession.accessToken));
      assert.equal(done.status, 200);
      // Now the second is the last one: nobody may deactivate them (an admin tries).
      const admin = await own.createAccount('admin');
      const adminSession = await own.signIn(admin.phone, admin.password);
      const last = await postJson<ApiErrorBody>(`${own.baseUrl}${staffDeactivationUrl(second.body.id)}`, {}, bearer(adminSession.accessToken));
      assert.equal(last.status, 409);
      assert.equal(last.body.code, 'staff_last_manager');
      assert.equal(last.body.message, 'Нельзя отключить последнего активного менеджера: сначала добавьте другого.');
      assert.equal((await own.app.accounts.get(second.body.id))?.disabled, false);
    } finally {
      await own.close();
    }
  });

  test('staff credentials do not show up in the patients\' credentials list', async () => {
    const list = await requestJson<{ items: { patientId: string }[] }>(`${server.baseUrl}${ADMIN_API.credentials}`, { headers: boss.headers });
    assert.equal(list.status, 200);
    const staff = await requestJson<StaffMember[]>(`${server.baseUrl}${STAFF_API.staff}`, { headers: boss.headers });
    const staffIds = new Set(staff.body.map((member) => member.id));
    assert.ok(!list.body.items.some((row) => staffIds.has(row.patientId)));
  });
});
