import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processCpuMs } from '../sync/servers/cpu-time';
import { BenchChild, rssMb } from './processes';
import type { DevicesCommand, DevicesMessage, ServerCommand, ServerMessage } from './protocol';

export interface FanOutResult {
  server: string;
  devices: number;
  /** Per round: each device's answer time minus the write's answer time (ms). */
  rounds: Array<{ latencies: number[]; writeMs: number; wrong: number; failed: number; serverCpuMs: number | null; retriedSoFar: number; cycleCpuMs?: number | null }>;
  rssIdleMb: number;
  rssHeldMb: number;
  rssAfterMb: number;
  /** The same, right after a full garbage collection in the server. */
  rssAfterGcMb: number;
}

const HERE = import.meta.dirname;

/**
 * One server kind in its own process, the devices in another: every device holds its longpoll,
 * then `rounds` times: all held → one write → every device's answer time.
 */
export async function runFanOut(serverEntry: string, name: string, devices: number, rounds: number, timeoutMs: number, execArgv: string[] = []): Promise<FanOutResult> {
  const dir = mkdtempSync(join(tmpdir(), `bench-live-${serverEntry.replace(/\.ts$/, "")}-`));
  const server = new BenchChild<ServerCommand, ServerMessage>(join(HERE, serverEntry), { BENCH_DIR: dir, BENCH_DEVICES: String(devices) }, join(dir, 'server.log'), execArgv);
  const clients = new BenchChild<DevicesCommand, DevicesMessage>(join(HERE, 'devices.ts'), {}, join(dir, 'devices.log'));
  try {
    const ready = await server.next('ready', 180_000);
    const rssIdleMb = rssMb(server.pid);
    clients.send({ type: 'start', baseUrl: ready.baseUrl, devices: ready.devices, feeds: ready.feeds, timeoutMs });
    await clients.next('sent', 300_000);
    const result: FanOutResult = { server: name, devices, rounds: [], rssIdleMb, rssHeldMb: 0, rssAfterMb: 0, rssAfterGcMb: 0 };
    /** CPU from a round's write until every device holds its next longpoll (the whole round's work). */
    let cycleFrom: number | null = null;
    const closeCycle = () => {
      const last = result.rounds[result.rounds.length - 1];
      const now = processCpuMs(server.pid);
      if (last) last.cycleCpuMs = cycleFrom !== null && now !== null ? now - cycleFrom : null;
    };
    for (let round = 1; round <= rounds; round++) {
      server.send({ type: 'until-held', count: devices });
      await server.next('held', 300_000);
      closeCycle();
      if (round === 1) result.rssHeldMb = rssMb(server.pid);
      clients.send({ type: 'round', round });
      const cpuBefore = processCpuMs(server.pid);
      cycleFrom = cpuBefore;
      server.send({ type: 'write', round });
      const [written, answered] = await Promise.all([server.next('written', 120_000), clients.next('answered', 120_000)]);
      const cpuAfter = processCpuMs(server.pid);
      result.rounds.push({
        latencies: answered.at.map((at) => at - written.answeredAt), writeMs: written.writeMs, wrong: answered.wrong, failed: answered.failed, retriedSoFar: answered.retriedSoFar,
        serverCpuMs: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null,
      });
    }
    server.send({ type: 'until-held', count: devices });
    await server.next('held', 300_000);
    closeCycle();
    result.rssAfterMb = rssMb(server.pid);
    server.send({ type: 'collect' });
    await server.next('collected', 120_000);
    result.rssAfterGcMb = rssMb(server.pid);
    return result;
  } finally {
    await clients.stop();
    await server.stop();
    if (process.env['BENCH_KEEP_LOGS']) console.log(`  logs kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
