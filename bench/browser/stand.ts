import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CONSENT_API, CONSENT_VERSION, docId } from '@oblako/domain';
import { MODULES } from '@oblako/modules';
import type { ModuleDefinition } from '@oblako/domain';
import { startTestServer, type TestServer } from '../../sync-server/test/helpers/test-server';
import { COUCH_PREFIX } from './couch-endpoint';

/** The PouchDB baseline's plain CouchDB endpoint, in the same server (couch-endpoint.ts). */
const benchCouchModule: ModuleDefinition = { id: 'bench_couch', serverPlugin: new URL('./couch-endpoint.ts', import.meta.url) };
export const BASELINE_DB = 'bench_records';

/**
 * The stand the browser bench measures: the real server (buildApp with every module, production
 * mode, a fresh embedded store in a temp dir) serving the built PWA, with the demo doctor and
 * one assigned patient who holds `records` medical document records, seeded straight into the
 * store (not timed).
 */
export interface Stand {
  server: TestServer;
  doctor: { id: string; phone: string; password: string };
  patientId: string;
  records: number;
  seedMs: number;
  close(): Promise<void>;
}

const DOCTOR = { phone: '+79000000003', name: 'Смирнов Андрей Викторович' };
const PATIENT = { phone: '+79000000001', name: 'Иванова Мария Петровна' };
const PASSWORD = 'oblako-demo';

export async function startStand(root: string, records: number): Promise<Stand> {
  const pwaDir = process.env['BENCH_PWA_DIR'] ?? join(root, 'dist', 'pwa', 'browser');
  if (!existsSync(join(pwaDir, 'index.html'))) throw new Error(`no built app in ${pwaDir}: run \`npx ng build\` first`);
  const server = await startTestServer({ pwaDir }, { modules: [...MODULES, benchCouchModule] });
  try {
    const doctor = await server.createAccount('doctor', { phone: DOCTOR.phone, name: DOCTOR.name, password: PASSWORD });
    const patient = await server.createAccount('patient', { phone: PATIENT.phone, name: PATIENT.name, password: PASSWORD });
    const session = await server.signIn(patient.phone, PASSWORD);
    const consent = await fetch(`${server.baseUrl}${CONSENT_API.current}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.accessToken}` },
      body: JSON.stringify({ version: CONSENT_VERSION }),
    });
    if (consent.status !== 200) throw new Error(`the patient's consent answered ${consent.status}`);
    await server.app.access.assign(doctor.user.id, patient.user.id);
    const started = performance.now();
    const db = server.app.store.db('documents');
    const docs = medicalRecords(patient.user.id, records);
    for (let start = 0; start < docs.length; start += 1000) await db.bulkDocs(docs.slice(start, start + 1000));
    const seedMs = performance.now() - started;
    await seedBaselineCouch(server.baseUrl, docs);
    const stored = (await db.allDocs({ startkey: `${patient.user.id}:`, endkey: `${patient.user.id}:\ufff0`, limit: 0 })).total_rows;
    if (stored < records) throw new Error(`seeded ${stored} of ${records} records`);
    return {
      server,
      doctor: { id: doctor.user.id, phone: doctor.phone, password: PASSWORD },
      patientId: patient.user.id,
      records,
      seedMs,
      close: () => {
        server.app.server.closeAllConnections();
        return server.close();
      },
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** The same records into the baseline's plain CouchDB endpoint (over HTTP; not timed). */
async function seedBaselineCouch(baseUrl: string, docs: Record<string, unknown>[]): Promise<void> {
  const url = `${baseUrl}${COUCH_PREFIX}/${BASELINE_DB}`;
  const created = await fetch(url, { method: 'PUT' });
  if (!created.ok) throw new Error(`creating the baseline database answered ${created.status}`);
  for (let start = 0; start < docs.length; start += 1000) {
    const response = await fetch(`${url}/_bulk_docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ docs: docs.slice(start, start + 1000) }),
    });
    if (response.status !== 201) throw new Error(`seeding the baseline database answered ${response.status}`);
  }
}

const TYPES = ['discharge', 'ultrasound', 'mri', 'ct', 'lab', 'ecg', 'other', 'conclusion'] as const;
const NOTES = [
  'Общий анализ крови: показатели в пределах нормы, СОЭ 12 мм/ч.',
  'УЗИ брюшной полости: печень не увеличена, структура однородная.',
  'ЭКГ: ритм синусовый, ЧСС 72 в минуту, электрическая ось не отклонена.',
  'Выписка из стационара: состояние при выписке удовлетворительное.',
];

/** Deterministic document records as the patient's device writes them (`_id` only, no `id`). */
export function medicalRecords(patientId: string, count: number): Record<string, unknown>[] {
  const docs: Record<string, unknown>[] = [];
  for (let n = 0; n < count; n++) {
    const day = new Date(Date.UTC(2020, 0, 1) + n * 3_600_000 * 7);
    const at = day.toISOString();
    const fileId = `file-${String(n).padStart(6, '0')}`;
    docs.push({
      _id: docId(patientId, `record-${String(n).padStart(6, '0')}`),
      patientId,
      type: TYPES[n % TYPES.length],
      date: at.slice(0, 10),
      note: NOTES[n % NOTES.length],
      files: [{ fileId, name: `скан-${n}.jpg`, size: 200_000 + n, mime: 'image/jpeg', sha256: createHash('sha256').update(fileId).digest('hex') }],
      createdAt: at,
      updatedAt: at,
    });
  }
  return docs;
}
