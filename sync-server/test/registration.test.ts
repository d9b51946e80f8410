import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AUTH_COOKIE_NAME, type SessionResponse } from '@oblako/domain';
import { REGISTRATION_API } from '../../modules/registration/api';
import { startTestServer, randomPhone, TEST_PASSWORD, type TestServer } from './helpers/test-server';
import { bearer, postJson, requestJson } from './helpers/http';
import { verifiedPhone } from './helpers/registration-kit';

const DETAILS = { fullName: 'Новикова Дарья Олеговна', birthDate: '1991-07-15', region: 'Республика Саха (Якутия)', timeZone: 'Asia/Yakutsk' };

describe('self-registration, restore and password change', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  test('phone → SMS code → details → a session (refresh cookie as at sign-in) → profile filled → consent', async () => {
    const phone = randomPhone();
    const verified = await verifiedPhone(server, phone);
    assert.equal(verified.registered, false);
    assert.equal(verified.phone, phone);
    const created = await postJson<SessionResponse>(`${server.baseUrl}${REGISTRATION_API.complete}`, { verificationToken: verified.verificationToken, ...DETAILS, password: 'пароль-дарьи' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.user.role, 'patient');
    assert.equal(created.body.user.name, DETAILS.fullName);
    assert.equal(created.body.user.mustChangePassword, undefined);
    const cookie = created.headers.getSetCookie().find((header) => header.startsWith(`${AUTH_COOKIE_NAME}=`));
    assert.ok(cookie && /HttpOnly/i.test(cookie) && /SameSite=Strict/i.test(cookie));
    const profile = (await server.app.store.db('profiles').get(`${created.body.user.id}:profile`)) as unknown as Record<string, string>;
    assert.deepEqual([profile['fullName'], profile['birthDate'], profile['region'], profile['timeZone'], profile['contactPhone']], [DETAILS.fullName, DETAILS.birthDate, DETAILS.region, DETAILS.timeZone, phone]);
    const headers = bearer(created.body.accessToken);
    const consent = await requestJson<{ accepted: boolean; version: string }>(`${server.baseUrl}/api/consent`, { headers });
    assert.equal(consent.body.accepted, false);
    const accepted = await postJson<{ accepted: boolean }>(`${server.baseUrl}/api/consent`, { version: consent.body.version }, headers);
    assert.equal(accepted.body.accepted, true);
    assert.equal((await server.signIn(phone, 'пароль-дарьи')).user.id, created.body.user.id);

    const again = await postJson<{ code: string }>(`${server.baseUrl}${REGISTRATION_API.complete}`, { verificationToken: verified.verificationToken, ...DETAILS, password: 'пароль-дарьи' });
    assert.equal(again.status, 401, 'a verification is used once');
    assert.equal(again.body.code, 'verification_expired');
  });

  test('bad details are refused before the verification is used up', async () => {
    const verified = await verifiedPhone(server, randomPhone());
    const complete = (body: object) => postJson<{ code: string; field?: string }>(`${server.baseUrl}${REGISTRATION_API.complete}`, { verificationToken: verified.verificationToken, ...DETAILS, password: 'достаточно-длинный', ...body });
    const future = await complete({ birthDate: '2999-01-01' });
    assert.deepEqual([future.status, future.body.code, future.body.field], [400, 'validation', 'birthDate']);
    const zone = await complete({ timeZone: 'America/New_York' });
    assert.deepEqual([zone.status, zone.body.field], [400, 'timeZone']);
    const weak = await complete({ password: 'short' });
    assert.deepEqual([weak.status, weak.body.code], [400, 'weak_password']);
    const unknownField = await complete({ role: 'admin' });
    assert.equal(unknownField.status, 400, 'no role can be chosen at sign-up');
    assert.equal((await complete({})).status, 201, 'the verification still works after the refusals');
  });

  test('an existing phone: "already registered" only after the code, and the same verification restores the password', async () => {
    const existing = await server.createAccount('patient');
    const other = await server.signIn(existing.phone, existing.password);
    const verified = await verifiedPhone(server, existing.phone);
    assert.equal(verified.registered, true);
    const taken = await postJson<{ code: string; message: string }>(`${server.baseUrl}${REGISTRATION_API.complete}`, { verificationToken: verified.verificationToken, ...DETAILS, password: 'новый-пароль-1' });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.message, 'Этот номер уже зарегистрирован. Войдите или восстановите пароль.');
    const restored = await postJson<SessionResponse>(`${server.baseUrl}${REGISTRATION_API.restorePassword}`, { verificationToken: verified.verificationToken, password: 'новый-пароль-1' });
    assert.equal(restored.status, 200, JSON.stringify(restored.body));
    assert.equal(restored.body.user.id, existing.user.id);
    const oldSignIn = await postJson(`${server.baseUrl}/api/auth/sign-in`, { phone: existing.phone, password: TEST_PASSWORD });
    assert.equal(oldSignIn.status, 401);
    assert.equal((await requestJson(`${server.baseUrl}/api/auth/me`, { headers: bearer(other.accessToken) })).status, 401, 'other devices are signed out');
    assert.equal((await requestJson(`${server.baseUrl}/api/auth/me`, { headers: bearer(restored.body.accessToken) })).status, 200);
  });

  test('restore for a phone nobody has: told after the code, nothing changes', async () => {
    const verified = await verifiedPhone(server, randomPhone(), 'restore');
    assert.equal(verified.registered, false);
    const response = await postJson<{ code: string }>(`${server.baseUrl}${REGISTRATION_API.restorePassword}`, { verificationToken: verified.verificationToken, password: 'новый-пароль-1' });
    assert.deepEqual([response.status, response.body.code], [404, 'phone_not_registered']);
  });

  test('a referred patient who lost the SMS restores by code: the one-time password is gone', async () => {
    const phone = randomPhone();
    const pending = await server.app.accounts.create({ role: 'patient', phone, password: 'одноразовый1', name: 'Тестов Тест' });
    await server.app.accounts.setPassword(pending.id, 'одноразовый1', { oneTime: true });
    assert.equal((await server.signIn(phone, 'одноразовый1')).user.mustChangePassword, true);
    const verified = await verifiedPhone(server, phone, 'restore');
    const restored = await postJson<SessionResponse>(`${server.baseUrl}${REGISTRATION_API.restorePassword}`, { verificationToken: verified.verificationToken, password: 'свой-пароль-1' });
    assert.equal(restored.status, 200);
    assert.equal(restored.body.user.mustChangePassword, undefined);
    assert.equal((await requestJson(`${server.baseUrl}/api/consent`, { headers: bearer(restored.body.accessToken) })).status, 200);
  });

  test('changing one\'s password needs the current one; it ends the other sessions', async () => {
    const account = await server.createAccount('doctor');
    const first = await server.signIn(account.phone, account.password);
    const second = await server.signIn(account.phone, account.password);
    const change = (token: string, body: object) => postJson<SessionResponse & { code: string }>(`${server.baseUrl}/api/auth/password`, body, bearer(token));
    assert.deepEqual([(await change(first.accessToken, { newPassword: 'другой-пароль' })).body.code], ['current_password_wrong']);
    assert.equal((await change(first.accessToken, { currentPassword: 'не тот', newPassword: 'другой-пароль' })).status, 400);
    assert.equal((await change(first.accessToken, { currentPassword: account.password, newPassword: account.password })).body.code, 'password_unchanged');
    assert.equal((await change(first.accessToken, { currentPassword: account.password, newPassword: 'short' })).body.code, 'weak_password');
    const changed = await change(first.accessToken, { currentPassword: account.password, newPassword: 'другой-пароль' });
    assert.equal(changed.status, 200);
    assert.equal((await requestJson(`${server.baseUrl}/api/auth/me`, { headers: bearer(second.accessToken) })).status, 401);
    assert.equal((await requestJson(`${server.baseUrl}/api/auth/me`, { headers: bearer(changed.body.accessToken) })).status, 200);
    assert.ok(changed.headers.getSetCookie().some((header) => header.startsWith(`${AUTH_COOKIE_NAME}=`)));
  });
});
