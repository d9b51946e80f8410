import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MODULES } from '@oblako/modules';
import { startTestServer, type TestServer } from './helpers/test-server';
import { bearer, requestJson } from './helpers/http';

/** The server learns about features only through the registry: no module, no endpoint. */
describe('module registry on the server', () => {
  let withProfile: TestServer;
  let withoutModules: TestServer;
  before(async () => {
    [withProfile, withoutModules] = await Promise.all([startTestServer(), startTestServer({}, { modules: [] })]);
  });
  after(() => Promise.all([withProfile.close(), withoutModules.close()]));

  const profilesDbInfo = async (server: TestServer) => {
    const patient = await server.createAccount('patient');
    const session = await server.signIn(patient.phone, patient.password);
    return { patient, response: await requestJson<Record<string, unknown>>(`${server.baseUrl}/sync/profiles/`, { headers: bearer(session.accessToken) }) };
  };

  test('app.modules is the registry by default, or the list given to buildApp', () => {
    assert.deepEqual(withProfile.app.modules.map((module) => module.id), MODULES.map((module) => module.id));
    assert.deepEqual(withoutModules.app.modules, []);
  });

  test('with the profile module registered, /sync/profiles/ exists and a new patient gets a profile', async () => {
    const { patient, response } = await profilesDbInfo(withProfile);
    assert.equal(response.status, 200);
    const profile = (await withProfile.app.store.db('profiles').get(`${patient.user.id}:profile`)) as unknown as Record<string, unknown>;
    assert.equal(profile['patientId'], patient.user.id);
    assert.equal(profile['fullName'], patient.user.name);
    assert.equal(profile['contactPhone'], patient.phone);
    assert.equal(profile['timeZone'], 'Europe/Moscow');
    assert.equal(profile['birthDate'], '');
    assert.equal(profile['region'], '');
  });

  test('without it, there is no /sync/profiles/ endpoint and no profile is made', async () => {
    const { patient, response } = await profilesDbInfo(withoutModules);
    assert.equal(response.status, 404);
    assert.equal(typeof response.body['error'], 'string');
    const profiles = await withoutModules.app.store.db('profiles').allDocs();
    assert.equal(profiles.rows.filter((row) => row.id.startsWith(patient.user.id)).length, 0);
  });

  test('staff accounts get no profile document', async () => {
    const doctor = await withProfile.createAccount('doctor');
    await assert.rejects(withProfile.app.store.db('profiles').get(`${doctor.user.id}:profile`), { status: 404 });
  });
});
