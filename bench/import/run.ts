/**
 * `npm run bench:import` — prints figures, passes or fails nothing.
 *
 * A 5,000-row referral table (.xlsx, a title row above the header, every column filled, 5,000
 * distinct new patients) through the manager's import, over HTTP against the real server
 * (`buildApp`, production mode, embedded store, every plugin):
 *   preview  POST /api/admin/imports/previews  (upload, parse, check, store the preview, answer every row)
 *   commit   POST /api/admin/imports/commits   (5,000 accounts + phone claims, referrals, profiles, SMS queued)
 * against the baseline: the same file's plain `exceljs` read (`workbook.xlsx.load`), i.e. what
 * any import must spend before it does anything. Target: preview + commit ≤ 5 s.
 * Every round uses a fresh server and store (the import of 5,000 new people); one warm-up round
 * is discarded; medians. Knobs: BENCH_ROWS (5000), BENCH_RUNS (3).
 * The SMS queue starts preparing the 5,000 credential messages (an argon2 hash each) the moment
 * the commit queues them — in the background, as in production: it is not in the commit time,
 * but it competes for the CPU with the next round, so rounds are separated by a server restart.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../sync-server/src/app';
import { loadConfig } from '../../sync-server/src/config/index';
import { ADMIN_API, type ImportPreview, type ImportReport } from '../../modules/admin/api';

const ROWS = Number(process.env['BENCH_ROWS'] ?? 5000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const TARGET_MS = 5000;
const MANAGER_PASSWORD = 'bench-manager-password';

async function table(rows: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Направления');
  sheet.addRow(['Направления на телемедицинские консультации']);
  sheet.mergeCells('A1:H1');
  sheet.addRow(['ФИО', 'Дата рождения', 'Телефон', 'Диагноз', 'Код МКБ-10', 'Направившая медицинская организация', 'Лечащий врач', 'Профиль консультации']);
  for (let n = 0; n < rows; n++) {
    const digits = String(10_000_000 + n);
    sheet.addRow([
      `Пациентова Анна ${'абвгдежзиклмнопрстуфхцчшэюя'[n % 27]}${'абвгдежзиклмнопрстуфхцчшэюя'[Math.floor(n / 27) % 27]}${'абвгдежзиклмнопрстуфхцчшэюя'[Math.floor(n / 729) % 27]}овна`,
      new Date(Date.UTC(1940 + (n % 60), n % 12, (n % 28) + 1)),
      `+7 901 ${digits.slice(1, 4)} ${digits.slice(4)}`,
      'Гипертоническая болезнь II стадии',
      'I11.9',
      'ГБУЗ «Центральная районная больница»',
      'Петров Пётр Петрович',
      'Кардиология',
    ]);
  }
  sheet.getColumn(2).numFmt = 'dd.mm.yyyy';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

interface Round {
  excelMs: number;
  previewMs: number;
  previewCpuMs: number;
  commitMs: number;
  commitCpuMs: number;
  reimportMs: number;
}

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

async function startServer(): Promise<{ app: FastifyInstance; baseUrl: string; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oblako-bench-import-'));
  const config = loadConfig({}, {
    mode: 'production', jwtSecret: randomBytes(32).toString('base64url'), host: '127.0.0.1', port: 0, logLevel: 'silent', dataDir,
    pwaDir: join(dataDir, 'no-pwa'), rateLimitPerMinute: 1_000_000, signInRateLimitPerMinute: 1_000_000,
  });
  const app = await buildApp(config);
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, baseUrl: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, dataDir };
}

async function json<T>(url: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${(await response.text()).slice(0, 300)}`);
  return (await response.json()) as T;
}

async function round(file: Buffer): Promise<Round> {
  let started = performance.now();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ArrayBuffer);
  const excelMs = performance.now() - started;

  const server = await startServer();
  try {
    const phone = '+79000000099';
    await server.app.accounts.create({ role: 'manager', phone, password: MANAGER_PASSWORD, name: 'Менеджер' });
    const { accessToken } = await json<{ accessToken: string }>(`${server.baseUrl}/api/auth/sign-in`, { phone, password: MANAGER_PASSWORD });
    const upload = { files: [{ name: 'направления.xlsx', contentBase64: file.toString('base64') }] };

    let cpu = cpuMs();
    started = performance.now();
    const preview = await json<ImportPreview>(`${server.baseUrl}${ADMIN_API.previews}`, upload, accessToken);
    const previewMs = performance.now() - started;
    const previewCpuMs = cpuMs() - cpu;
    if (preview.summary.valid !== ROWS) throw new Error(`expected ${ROWS} valid rows, got ${JSON.stringify(preview.summary)}`);

    cpu = cpuMs();
    started = performance.now();
    const report = await json<ImportReport>(`${server.baseUrl}${ADMIN_API.commit}`, { previewId: preview.previewId, excludedRows: [] }, accessToken);
    const commitMs = performance.now() - started;
    const commitCpuMs = cpuMs() - cpu;
    if (report.counts.createdPatients !== ROWS) throw new Error(`expected ${ROWS} new patients, got ${JSON.stringify(report.counts)}`);

    // The same file again: everything already there, nothing created, no SMS.
    started = performance.now();
    const again = await json<ImportPreview>(`${server.baseUrl}${ADMIN_API.previews}`, upload, accessToken);
    const second = await json<ImportReport>(`${server.baseUrl}${ADMIN_API.commit}`, { previewId: again.previewId, excludedRows: [] }, accessToken);
    const reimportMs = performance.now() - started;
    if (second.counts.createdPatients !== 0 || second.counts.referralsExisting !== ROWS) throw new Error(`re-import created something: ${JSON.stringify(second.counts)}`);
    return { excelMs, previewMs, previewCpuMs, commitMs, commitCpuMs, reimportMs };
  } finally {
    await server.app.close();
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const loadBefore = loadavg()[0]!;
const file = await table(ROWS);
console.log(`bench:import — ${ROWS} rows, ${(file.length / 1024).toFixed(0)} KiB .xlsx, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}`);
console.log(`load average at start: ${loadBefore.toFixed(2)}`);
await round(file); // warm-up, discarded
const rounds: Round[] = [];
for (let run = 0; run < RUNS; run++) {
  rounds.push(await round(file));
  const last = rounds[rounds.length - 1]!;
  console.log(`  round ${run + 1}: exceljs ${s(last.excelMs)} · preview ${s(last.previewMs)} · commit ${s(last.commitMs)} · re-import ${s(last.reimportMs)}`);
}
const excel = median(rounds.map((r) => r.excelMs));
const preview = median(rounds.map((r) => r.previewMs));
const commit = median(rounds.map((r) => r.commitMs));
const total = median(rounds.map((r) => r.previewMs + r.commitMs));
console.log('');
console.log(`| medians of ${RUNS} | wall | CPU (this process: client + server) |`);
console.log('|---|---|---|');
console.log(`| baseline: exceljs read of the file | ${s(excel)} | — |`);
console.log(`| preview (upload, parse, check 5,000 rows, store, answer) | ${s(preview)} | ${s(median(rounds.map((r) => r.previewCpuMs)))} |`);
console.log(`| commit (5,000 accounts, referrals, profiles, SMS queued) | ${s(commit)} | ${s(median(rounds.map((r) => r.commitCpuMs)))} |`);
console.log(`| preview + commit | ${s(total)} | target ≤ ${s(TARGET_MS)}: ${total <= TARGET_MS ? 'met' : 'NOT met'} |`);
console.log(`| re-import of the same file (preview + commit, nothing new) | ${s(median(rounds.map((r) => r.reimportMs)))} | |`);
console.log('');
console.log(`ratios to the exceljs read: preview ×${(preview / excel).toFixed(1)}, preview + commit ×${(total / excel).toFixed(1)}`);
console.log(`load average at end: ${loadavg()[0]!.toFixed(2)} (other work on the machine inflates wall times; CPU times move less)`);
