/**
 * The manager's «Пациенты по этапам» as paged server queries (issue 13): every patient exactly
 * once across pages while another import lands between two pages, search by name and phone,
 * filters, a cursor that is ours or a 400, managers only, every listed patient audited — and a
 * manager's device pulls no patient data at all (the list is the only way a manager sees them).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StagesPage } from '../../../modules/consultations/index';
import { ADMIN_API, type CredentialsPage } from '../../../modules/admin/api';
import { commit, manager, preview } from '../helpers/admin-test-kit';
import { csv, HEADER, patientRows } from '../helpers/referral-tables';
import { bearer, postJson, requestJson } from '../helpers/http';
import { signedIn, type SignedIn } from '../helpers/documents';
import { SyncClient } from '../helpers/sync-client';
import { startTestServer, type TestServer } from '../helpers/test-server';

const FIRST_IMPORT = 120;
const SECOND_IMPORT = 40;

describe('the manager\'s stages list, paged on the server', () => {
  let server: TestServer;
  let token: string;
  let managerId: string;
  let doctor: SignedIn;
  let patient: SignedIn;

  async function importPatients(count: number, offset: number): Promise<string[]> {
    const table = csv([HEADER, ...patientRows(count, offset).map((row) => row.map((cell) => String(cell)))]);
    const made = await preview(server, token, [{ name: `направления-${offset}.csv`, bytes: table }]);
    assert.equal(made.status, 200, JSON.stringify(made.body));
    const report = await commit(server, token, made.body.previewId);
    assert.equal(report.status, 200, JSON.stringify(report.body));
    return report.body.rows.flatMap((row) => (row.patientId ? [row.patientId] : []));
  }

  const page = (query: string, as = token) => requestJson<StagesPage>(`${server.baseUrl}/api/consultations/stages${query}`, { headers: bearer(as) });

  before(async () => {
    server = await startTestServer();
    const signedInManager = await manager(server);
    token = signedInManager.token;
    managerId = signedInManager.user.id;
    doctor = await signedIn(server, 'doctor');
    patient = await signedIn(server, 'patient');
  });
  after(async () => server.close());

  it('pages through every patient exactly once while another import lands between two pages', async () => {
    const imported = await importPatients(FIRST_IMPORT, 0);
    assert.equal(imported.length, FIRST_IMPORT);
    for (const sort of ['name', 'waited', 'stage'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const response = await page(`?limit=25&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(response.status, 200, JSON.stringify(response.body));
        assert.ok(response.body.rows.length <= 25);
        seen.push(...response.body.rows.map((row) => row.patientId));
        cursor = response.body.nextCursor;
        pages++;
        // New patients arrive while the manager is on page two (only in the first pass).
        if (pages === 2 && sort === 'name') await importPatients(SECOND_IMPORT, 1000);
      } while (cursor);
      assert.equal(new Set(seen).size, seen.length, `${sort}: no patient twice`);
      for (const id of [...imported, patient.id]) assert.ok(seen.includes(id), `${sort}: ${id} listed`);
    }
    const everyone = await page('?limit=200&sort=name');
    assert.equal(everyone.body.total, FIRST_IMPORT + SECOND_IMPORT + 1);
    assert.equal(everyone.body.counts.registered, FIRST_IMPORT + SECOND_IMPORT + 1);
    const names = everyone.body.rows.map((row) => row.patientName);
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'ru')), 'sorted by name');
  });

  it('searches by a part of the name and by phone digits (8… finds +7…), filters by stage and overdue', async () => {
    const [row] = patientRows(1, 7);
    const byName = await page(`?search=${encodeURIComponent(String(row![1]).split(' ')[1]!.toUpperCase())}`);
    assert.equal(byName.status, 200);
    assert.deepEqual(byName.body.rows.map((found) => found.patientName), [row![1]]);
    const digits = String(row![3]).replace(/\D/g, '');
    const byPhone = await page(`?search=${encodeURIComponent(`8${digits.slice(1)}`)}`);
    assert.deepEqual(byPhone.body.rows.map((found) => found.patientName), [row![1]]);
    assert.equal(byPhone.body.total, 1);

    const none = await page('?stages=ready,scheduled');
    assert.equal(none.status, 200);
    assert.deepEqual(none.body.rows, []);
    assert.equal(none.body.total, 0);
    assert.equal(none.body.counts.registered, FIRST_IMPORT + SECOND_IMPORT + 1, 'the chips count every patient whatever the filter');
    const overdue = await page('?overdueOnly=true');
    assert.equal(overdue.body.total, 0);
  });

  it('refuses what is not a page query: a foreign cursor, a limit too big, an unknown stage or sort, another field', async () => {
    for (const query of ['?cursor=bm90LWEta2V5', '?cursor=%24%24', '?limit=0', '?limit=500', '?stages=ready,lost', '?sort=age', '?patientId=x', `?search=${'я'.repeat(101)}`]) {
      const response = await requestJson<{ code: string; message: string }>(
        `${server.baseUrl}/api/consultations/stages${query}`, { headers: { ...bearer(token), 'accept-language': 'ru' } },
      );
      assert.equal(response.status, 400, query);
      assert.equal(response.body.code, 'validation', query);
      assert.match(response.body.message, /[а-я]/, `${query}: a Russian message`);
    }
  });

  it('is for managers only: a patient and a doctor get 403, no token 401', async () => {
    assert.equal((await page('', patient.token)).status, 403);
    assert.equal((await page('', doctor.token)).status, 403);
    assert.equal((await requestJson(`${server.baseUrl}/api/consultations/stages`)).status, 401);
  });

  it('records every listed patient as read by the manager (patients.read), once per hour', async () => {
    const first = await page('?limit=3&sort=name');
    await page('?limit=3&sort=name');
    const audit = await server.app.store.db('audit').allDocs({ include_docs: true });
    const entries = audit.rows.map((entry) => entry.doc as unknown as { patientId: string; action: string; actor: { id: string } })
      .filter((entry) => entry.action === 'patients.read' && entry.actor?.id === managerId);
    for (const row of first.body.rows) {
      assert.equal(entries.filter((entry) => entry.patientId === row.patientId).length, 1, `${row.patientName}: one entry`);
    }
  });

  it('a manager\'s device pulls no patient data: profiles, referrals, consultations, documents and doctors\' calendars are refused', async () => {
    for (const collection of ['profiles', 'referrals', 'consultations', 'documents', 'document_files', 'doctor_settings']) {
      const client = new SyncClient(server.baseUrl, collection, token);
      const { status } = await client.changes({ since: 0 });
      assert.equal(status, 403, collection);
    }
    // Their own notifications still replicate.
    assert.equal((await new SyncClient(server.baseUrl, 'notifications', token).changes({ since: 0 })).status, 200);
  });

  it('«Доступы пациентов» pages by name: every imported patient once, a foreign cursor 400, managers only', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let total = 0;
    do {
      const response = await requestJson<CredentialsPage>(`${server.baseUrl}${ADMIN_API.credentials}?limit=50${cursor ? `&cursor=${cursor}` : ''}`, { headers: bearer(token) });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      seen.push(...response.body.items.map((item) => item.patientId));
      total = response.body.total;
      cursor = response.body.nextCursor;
    } while (cursor);
    assert.equal(new Set(seen).size, seen.length, 'no patient twice');
    assert.equal(seen.length, total);
    assert.ok(total >= FIRST_IMPORT + SECOND_IMPORT, `${total} patients with credentials`);
    assert.equal((await requestJson(`${server.baseUrl}${ADMIN_API.credentials}?cursor=bm9wZQ`, { headers: bearer(token) })).status, 400);
    assert.equal((await requestJson(`${server.baseUrl}${ADMIN_API.credentials}?limit=201`, { headers: bearer(token) })).status, 400);
    assert.equal((await requestJson(`${server.baseUrl}${ADMIN_API.credentials}`, { headers: bearer(doctor.token) })).status, 403);
    assert.equal((await requestJson(`${server.baseUrl}${ADMIN_API.credentials}`, { headers: bearer(patient.token) })).status, 403);
    assert.equal((await requestJson(`${server.baseUrl}${ADMIN_API.credentials}`)).status, 401);
  });

  it('a manager cancels a consultation with a reason through the API; no reason → 400, a doctor → 403', async () => {
    const [patientId] = await importPatients(1, 5000);
    const consultationId = await eventually(async () => {
      const listed = await page(`?search=${encodeURIComponent(String(patientRows(1, 5000)[0]![1]))}`);
      return listed.body.rows[0]?.consultationId ?? undefined;
    });
    const url = `${server.baseUrl}/api/consultations/${encodeURIComponent(consultationId)}/cancel`;
    assert.equal((await postJson(url, { reason: '  ' }, bearer(token))).status, 400);
    assert.equal((await postJson(url, { reason: 'Пациент передумал' }, bearer(doctor.token))).status, 403);
    const cancelled = await postJson<{ status: string; patientId: string }>(url, { reason: 'Пациент передумал' }, bearer(token));
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    assert.equal(cancelled.body.status, 'cancelled');
    assert.equal(cancelled.body.patientId, patientId);
    const listed = await page(`?stages=cancelled`);
    assert.deepEqual(listed.body.rows.map((row) => row.patientId), [patientId]);
  });
});

async function eventually<T>(read: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('never happened');
}
