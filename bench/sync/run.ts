/**
 * `npm run bench:sync` — prints figures, passes or fails nothing.
 *
 * Pull of 5,000 documents into a fresh client and push of 1,000 new documents,
 *  (ours)     RxDB + Dexie (the PWA's client) ↔ the Oblako sync server (authorised replication,
 *             a signed-in patient owning every document),
 *  (baseline) PouchDB ↔ express-pouchdb over PouchDB/LevelDB: plain PouchDB-to-PouchDB HTTP
 *             replication on the same data,
 *  (extra)    the same RxDB client ↔ express-pouchdb, and both servers with no client at all,
 *             so server cost and client cost can be told apart.
 * Servers run in their own processes; the clients run here, one at a time. One warm-up round is
 * discarded, scenarios are interleaved (the order rotates every round), every run uses a fresh
 * client database, every replication response carries `Cache-Control: no-store`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSettings, type BenchSettings } from './settings';
import { averageBytes, pullRecords, pushRecords } from './records';
import { startServerChild, type ServerChild } from './servers/child';
import { processCpuMs } from './servers/cpu-time';
import type { Endpoint, Measured } from './clients/endpoint';
import { rxdbPull, rxdbPush, type RunOptions } from './clients/rxdb-client';
import { pouchdbPull, pouchdbPush } from './clients/pouchdb-client';
import { serverOnlyPull, serverOnlyPush } from './clients/server-only';
import { seconds, summarize, type Summary } from './stats';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
/** Measured rounds stop being added once the bench would run longer than this. */
const RUNTIME_BUDGET_MS = 170_000;
const MIN_ROUNDS = 3;

type Direction = 'pull' | 'push';
type ScenarioKey = 'ours' | 'baseline' | 'rxdbBaseline' | 'serverOurs' | 'serverBaseline';

interface Scenario {
  key: ScenarioKey;
  direction: Direction;
  label: string;
  /** The server the scenario talks to (its CPU time is recorded per run). */
  server: ServerChild;
  /** One run: its milliseconds, and a check of its outcome made after the measurement. */
  run(round: number): Promise<Measured>;
}

const children: ServerChild[] = [];
let tempRoot = '';
/** Set once a signal or the watchdog ends the bench: the run in flight then fails, quietly. */
let stopping = false;

async function main(): Promise<void> {
  const settings = loadSettings();
  const benchStarted = performance.now();
  tempRoot = mkdtempSync(join(tmpdir(), 'oblako-bench-'));

  const childEnv = {
    BENCH_DIR: tempRoot,
    BENCH_PULL_DOCS: String(settings.pullDocs),
    BENCH_DOC_BYTES: String(settings.docBytes),
  };
  const ours = await startServerChild({
    entry: join(HERE, 'servers', 'oblako-server.ts'),
    env: childEnv,
    logFile: join(tempRoot, 'oblako-server.log'),
    startTimeoutMs: settings.startTimeoutMs,
  });
  children.push(ours);
  const patientId = ours.ready.patientId;
  const baseline = await startServerChild({
    entry: join(HERE, 'servers', 'baseline-server.ts'),
    env: { ...childEnv, BENCH_PATIENT_ID: patientId },
    logFile: join(tempRoot, 'baseline-server.log'),
    startTimeoutMs: settings.startTimeoutMs,
  });
  children.push(baseline);

  const oursPull: Endpoint = { url: ours.ready.pullUrl, authorization: ours.ready.authorization };
  const oursPush: Endpoint = { url: ours.ready.pushUrl, authorization: ours.ready.authorization };
  const basePull: Endpoint = { url: baseline.ready.pullUrl };
  const basePush: Endpoint = { url: baseline.ready.pushUrl };
  const options: RunOptions = { batchSize: settings.batchSize, timeoutMs: settings.runTimeoutMs };
  const pullDocs = settings.pullDocs;
  const pushDocs = (round: number, key: string) => pushRecords(patientId, `r${round}${key}`, settings.pushDocs, settings.docBytes);

  await printHeader(settings, ours, baseline, [oursPull, basePull]);

  const scenarios: Scenario[] = [
    { key: 'ours', direction: 'pull', server: ours, label: 'ours      RxDB+Dexie  ← Oblako sync server', run: () => rxdbPull(oursPull, pullDocs, options) },
    { key: 'baseline', direction: 'pull', server: baseline, label: 'baseline  PouchDB     ← express-pouchdb', run: () => pouchdbPull(tempRoot, basePull, pullDocs, options) },
    { key: 'rxdbBaseline', direction: 'pull', server: baseline, label: 'extra     RxDB+Dexie  ← express-pouchdb', run: () => rxdbPull(basePull, pullDocs, options) },
    { key: 'serverOurs', direction: 'pull', server: ours, label: 'server    fetch only  ← Oblako sync server', run: async () => ({ ms: (await serverOnlyPull(oursPull, pullDocs, options)).ms }) },
    { key: 'serverBaseline', direction: 'pull', server: baseline, label: 'server    fetch only  ← express-pouchdb', run: async () => ({ ms: (await serverOnlyPull(basePull, pullDocs, options)).ms }) },
    { key: 'ours', direction: 'push', server: ours, label: 'ours      RxDB+Dexie  → Oblako sync server', run: (r) => rxdbPush(oursPush, pushDocs(r, 'ours'), options) },
    { key: 'baseline', direction: 'push', server: baseline, label: 'baseline  PouchDB     → express-pouchdb', run: (r) => pouchdbPush(tempRoot, basePush, pushDocs(r, 'base'), options) },
    { key: 'rxdbBaseline', direction: 'push', server: baseline, label: 'extra     RxDB+Dexie  → express-pouchdb', run: (r) => rxdbPush(basePush, pushDocs(r, 'rxbase'), options) },
    { key: 'serverOurs', direction: 'push', server: ours, label: 'server    fetch only  → Oblako sync server', run: async (r) => ({ ms: (await serverOnlyPush(oursPush, pushDocs(r, 'srvours'), options)).ms }) },
    { key: 'serverBaseline', direction: 'push', server: baseline, label: 'server    fetch only  → express-pouchdb', run: async (r) => ({ ms: (await serverOnlyPush(basePush, pushDocs(r, 'srvbase'), options)).ms }) },
  ];
  const only = process.env['BENCH_ONLY']?.split(',').map((name) => name.trim());
  if (only) {
    // For digging into one figure (e.g. BENCH_ONLY=pull:ours,pull:rxdbBaseline); ratios need the full set.
    scenarios.splice(0, scenarios.length, ...scenarios.filter((s) => only.includes(`${s.direction}:${s.key}`)));
  }
  const results = new Map<Scenario, number[]>(scenarios.map((scenario) => [scenario, []]));
  const serverCpu = new Map<Scenario, number[]>(scenarios.map((scenario) => [scenario, []]));
  const clientCpu = new Map<Scenario, number[]>(scenarios.map((scenario) => [scenario, []]));

  let plannedRounds = settings.runs;
  let reducedNote = '';
  for (let round = 0; round <= plannedRounds; round++) {
    const roundStarted = performance.now();
    const order = scenarios.map((_, i) => scenarios[(i + round) % scenarios.length]!);
    const line: string[] = [];
    for (const scenario of order) {
      globalThis.gc?.();
      const cpuBefore = processCpuMs(scenario.server.pid);
      const clientBefore = process.cpuUsage();
      const { ms, verify } = await scenario.run(round);
      const clientUsed = process.cpuUsage(clientBefore);
      const cpuAfter = processCpuMs(scenario.server.pid);
      await verify?.();
      if (round > 0) {
        results.get(scenario)!.push(ms);
        clientCpu.get(scenario)!.push((clientUsed.user + clientUsed.system) / 1000);
        if (cpuBefore !== null && cpuAfter !== null) serverCpu.get(scenario)!.push(cpuAfter - cpuBefore);
      }
      line.push(`${scenario.direction} ${scenario.key} ${seconds(ms)}`);
    }
    const roundMs = performance.now() - roundStarted;
    console.log(`  ${round === 0 ? 'warm-up (discarded)' : `round ${round}/${plannedRounds}`}: ${seconds(roundMs)} s — ${line.join(', ')}`);
    // Keep the whole bench inside its budget on a slow or busy machine: fewer rounds (never
    // under MIN_ROUNDS), said out loud.
    const elapsed = performance.now() - benchStarted;
    const affordable = Math.max(MIN_ROUNDS, round + Math.max(0, Math.floor((RUNTIME_BUDGET_MS - elapsed) / (roundMs * 1.1))));
    if (affordable < plannedRounds) {
      reducedNote = `runs reduced from ${settings.runs} to ${affordable} to stay within ~${RUNTIME_BUDGET_MS / 1000} s`;
      plannedRounds = affordable;
      console.log(`  (${reducedNote})`);
    }
  }

  printResults('pull', `PULL ${settings.pullDocs.toLocaleString('en')} documents into a fresh client`, scenarios, results, serverCpu, clientCpu);
  printResults('push', `PUSH ${settings.pushDocs.toLocaleString('en')} new documents from a fresh client`, scenarios, results, serverCpu, clientCpu);
  console.log('');
  const measured = Math.min(...[...results.values()].map((runs) => runs.length));
  console.log(`${measured} measured runs per scenario${reducedNote ? ` (${reducedNote})` : ''}; total ${seconds(performance.now() - benchStarted)} s; ${loadNote()}.`);
}

async function printHeader(settings: BenchSettings, ours: ServerChild, baseline: ServerChild, pullEndpoints: Endpoint[]): Promise<void> {
  const sample = pullRecords(ours.ready.patientId, 200, settings.docBytes);
  const cacheHeaders = await Promise.all(pullEndpoints.map((endpoint) => cacheControlOf(endpoint)));
  const cpu = cpus();
  console.log(`Oblako sync bench — ${new Date().toISOString()}`);
  console.log(`Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, ${process.platform}; ${loadNote()}`);
  console.log(`Data: ${settings.pullDocs.toLocaleString('en')} seeded docs to pull, ${settings.pushDocs.toLocaleString('en')} new docs per push run; ` +
    `patient-record-like JSON, ${averageBytes(sample)} B each as stored (plus _rev on the wire); ids <patientId>:<n>`);
  console.log(`Batch size: ${settings.batchSize} for every client, both directions`);
  console.log(`Method: 1 warm-up round discarded, then ${settings.runs} rounds; scenarios interleaved (order rotates each round); ` +
    `fresh client database every run; servers in their own processes on 127.0.0.1, clients in this one, one at a time.`);
  console.log('Servers:');
  console.log(`  Oblako sync server   buildApp (fastify ${version('fastify')}, all plugins, production mode) with a bench-only module; ` +
    `/sync/<collection>/ as a signed-in patient (Bearer token); store pouchdb-node ${version('pouchdb-node')} / LevelDB; ` +
    `seeded ${ours.ready.seededDocs} docs by bulkDocs in ${seconds(ours.ready.seedMs)} s`);
  console.log(`  express-pouchdb      BASELINE SERVER: express-pouchdb ${version('express-pouchdb')} (mode minimumForPouchDB, gzip off) ` +
    `over pouchdb-node ${version('pouchdb-node')} / LevelDB; seeded ${baseline.ready.seededDocs} docs in ${seconds(baseline.ready.seedMs)} s`);
  console.log(`  Cache-Control on _changes: Oblako "${cacheHeaders[0]}", express-pouchdb "${cacheHeaders[1]}"`);
  console.log('Clients:');
  console.log(`  RxDB+Dexie   rxdb ${version('rxdb')} replicateCouchDB (live:false, waitForLeadership:false, pull-only for pulls, push-only for pushes) ` +
    `into the Dexie storage on fake-indexeddb ${version('fake-indexeddb')} (in-memory IndexedDB), what the PWA runs`);
  console.log(`  PouchDB      BASELINE CLIENT: pouchdb-node ${version('pouchdb-node')} PouchDB.replicate into LevelDB in a fresh temp dir`);
  console.log(`  fetch only   the requests RxDB sends (_changes pages; _all_docs + _bulk_docs per batch), bodies read, nothing stored: server cost alone`);
  console.log('');
}

function printResults(direction: Direction, title: string, scenarios: Scenario[], results: Map<Scenario, number[]>, serverCpu: Map<Scenario, number[]>, clientCpu: Map<Scenario, number[]>): void {
  const rows = scenarios.filter((scenario) => scenario.direction === direction);
  const summary = (key: ScenarioKey): Summary | null => {
    const row = rows.find((candidate) => candidate.key === key);
    return row ? summarize(results.get(row)!) : null;
  };
  if (rows.length === 0) return;
  console.log('');
  console.log(`${title.padEnd(52)}  median     min     max │ CPU: server  client   (seconds)`);
  const medianOf = (values: number[]): string => (values.length > 0 ? seconds(summarize(values).median) : 'n/a').padStart(6);
  for (const row of rows) {
    const { median, min, max } = summarize(results.get(row)!);
    console.log(`  ${row.label.padEnd(50)}  ${seconds(median).padStart(6)}  ${seconds(min).padStart(6)}  ${seconds(max).padStart(6)} │      ${medianOf(serverCpu.get(row)!)}  ${medianOf(clientCpu.get(row)!)}`);
  }
  const ratio = (a: ScenarioKey, b: ScenarioKey): string => {
    const [x, y] = [summary(a), summary(b)];
    return x && y ? `${(x.median / y.median).toFixed(2)}×` : 'n/a';
  };
  console.log(`  ratio ours / baseline (RxDB↔Oblako vs PouchDB↔express-pouchdb):  ${ratio('ours', 'baseline')}${direction === 'pull' ? '   (target ≤ 1.00×)' : ''}`);
  console.log(`  ratio ours / same RxDB client ↔ express-pouchdb (server effect): ${ratio('ours', 'rxdbBaseline')}`);
  console.log(`  ratio server only, Oblako / express-pouchdb:                     ${ratio('serverOurs', 'serverBaseline')}`);
}

async function cacheControlOf(endpoint: Endpoint): Promise<string> {
  const response = await fetch(`${endpoint.url}_changes?limit=1`, {
    headers: endpoint.authorization ? { Authorization: endpoint.authorization } : {},
    signal: AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer();
  return response.headers.get('cache-control') ?? '(none)';
}

/** Other work on the machine skews every figure: say how busy it was. */
function loadNote(): string {
  const [one] = loadavg();
  const busy = one! > cpus().length * 0.75 ? ' — the machine is busy, figures are noisy' : '';
  return `load average ${one!.toFixed(2)}${busy}`;
}

function version(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

async function cleanUp(): Promise<void> {
  await Promise.allSettled(children.map((child) => child.stop()));
  if (tempRoot) rmSync(tempRoot, { recursive: true, force: true });
}

const settings = loadSettings();
const watchdog = setTimeout(() => {
  stopping = true;
  console.error(`\nbench:sync gave up after ${settings.totalTimeoutMs / 1000} s`);
  void cleanUp().finally(() => process.exit(1));
}, settings.totalTimeoutMs);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopping = true;
    console.error(`\nbench:sync stopped by ${signal}`);
    void cleanUp().finally(() => process.exit(130));
  });
}

main().then(
  async () => {
    clearTimeout(watchdog);
    await cleanUp();
    process.exit(0);
  },
  async (error: unknown) => {
    clearTimeout(watchdog);
    if (stopping) return;
    console.error('\nbench:sync failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    await cleanUp();
    process.exit(1);
  },
);
