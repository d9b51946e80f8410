/**
 * `npm run bench:live`: live updates at size.
 * (a) fan-out: N idle devices hold the app's longpoll; one write → every device's answer
 *     (ours vs a bare Node http longpoll server), server RSS;
 * (b) two devices through the app's own replication: one write → the other device's RxDB.
 */
import { cpus, loadavg } from 'node:os';
import { percentile, runFanOut, type FanOutResult } from './fan-out';
import { runPair } from './pair';

const DEVICES = Number(process.env['BENCH_DEVICES'] ?? 2000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const ONLY = process.env['BENCH_ONLY']?.split(',');
const SERVER_WAIT_MS = 60_000;
const PAIR_WRITES = Number(process.env['BENCH_PAIR_WRITES'] ?? 60);
/** Node flags for our server's process only (e.g. `--max-semi-space-size=64`), to try what the runtime changes. */
const SERVER_FLAGS = process.env['BENCH_SERVER_NODE_FLAGS']?.split(' ').filter(Boolean) ?? [];

const ms = (value: number) => `${Math.round(value)} ms`;
const mb = (value: number) => `${value.toFixed(0)} MB`;

function printFanOut(result: FanOutResult): { p50: number; p99: number; max: number } {
  // The first round warms the server up (JIT, caches); it is shown, not counted.
  const counted = result.rounds.length > 1 ? result.rounds.slice(1) : result.rounds;
  const all = counted.flatMap((round) => round.latencies);
  console.log(`\n${result.server}: ${result.devices} devices, rounds ${result.rounds.length} (first = warm-up)`);
  result.rounds.forEach((round, index) => {
    console.log(`  round ${index + 1}: answered ${round.latencies.length}, wrong ${round.wrong}, failed ${round.failed}, asked again after a network error ${round.retriedSoFar} so far; write ${ms(round.writeMs)}; server CPU ${round.serverCpuMs ?? '?'} ms (until all held again ${round.cycleCpuMs ?? '?'} ms); ` +
      `after the write's answer p50 ${ms(percentile(round.latencies, 50))}, p99 ${ms(percentile(round.latencies, 99))}, max ${ms(Math.max(...round.latencies))}`);
  });
  const figures = { p50: percentile(all, 50), p99: percentile(all, 99), max: Math.max(...all) };
  console.log(`  all counted rounds: p50 ${ms(figures.p50)}, p99 ${ms(figures.p99)}, max ${ms(figures.max)}`);
  console.log(`  server RSS: idle ${mb(result.rssIdleMb)}, ${result.devices} held ${mb(result.rssHeldMb)}, after the rounds ${mb(result.rssAfterMb)} ` +
    `(growth ${mb(result.rssAfterMb - result.rssIdleMb)}); after a full GC ${mb(result.rssAfterGcMb)} (growth ${mb(result.rssAfterGcMb - result.rssIdleMb)})`);
  return figures;
}

async function main(): Promise<void> {
  console.log(`bench:live — ${cpus().length} cores, load average at start ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
  const want = (name: string) => !ONLY || ONLY.includes(name);
  let baseline: { p50: number; p99: number; max: number } | null = null;
  let ours: { p50: number; p99: number; max: number } | null = null;
  if (want('bare')) baseline = printFanOut(await runFanOut('bare-server.ts', 'baseline: bare Node http longpoll', DEVICES, ROUNDS, SERVER_WAIT_MS));
  if (want('oblako')) {
    ours = printFanOut(await runFanOut('oblako-server.ts', `ours: Oblako sync server (POST /sync/_changes)${SERVER_FLAGS.length ? ` [${SERVER_FLAGS.join(' ')}]` : ''}`, DEVICES, ROUNDS, SERVER_WAIT_MS, SERVER_FLAGS));
  }
  if (baseline && ours) {
    console.log(`\nfan-out ratio ours/baseline: p50 ${(ours.p50 / Math.max(1, baseline.p50)).toFixed(1)}×, p99 ${(ours.p99 / Math.max(1, baseline.p99)).toFixed(1)}×`);
  }
  if (want('pair')) {
    const pair = await runPair(PAIR_WRITES);
    // The first ten writes warm up both devices and the server; shown apart, not counted.
    const counted = (values: number[]) => values.slice(10);
    const line = (label: string, values: number[]) =>
      console.log(`  ${label.padEnd(46)} p50 ${ms(percentile(values, 50))}, p99 ${ms(percentile(values, 99))}, max ${ms(Math.max(...values))}`);
    console.log(`\ntwo devices through the app's replication (RxDB, the app's paged storage on fake-indexeddb, one LongpollHub each): ${pair.writes} writes, first 10 = warm-up`);
    line('patient insert → doctor\'s RxDB has it', counted(pair.totalMs));
    line('  of which the write (insert → push answered)', counted(pair.writeMs));
    line('  of which live delivery (answered → doctor)', counted(pair.deliveryMs));
  }
  console.log(`load average at end ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
