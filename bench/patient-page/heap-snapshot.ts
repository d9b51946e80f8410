/**
 * `node --import tsx bench/patient-page/heap-snapshot.ts` — what the doctor's page holds in memory with a patient of
 * 5,000 records open: a V8 heap snapshot (through CDP) summed by constructor (self size, count),
 * largest first. A diagnostic: it explains how long a full garbage collection takes (its marking
 * is proportional to what is live), nothing passes or fails. Knobs: BENCH_RECORDS (5000), HEAP_TOP (30).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signIn } from '../../e2e/support/app';
import { launchBenchBrowser } from '../browser/bench-browser';
import { startServerWithRecords } from '../../e2e/support/patient-with-records';

const RECORDS = Number(process.env['BENCH_RECORDS'] ?? 5_000);
const TOP = Number(process.env['HEAP_TOP'] ?? 30);

interface Snapshot { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] }

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'oblako-heap-'));
  const server = await startServerWithRecords(RECORDS, join(dir, 'data'));
  const context = await launchBenchBrowser(join(dir, 'profile'), server.baseUrl);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await signIn(page, server.info.doctorPhone, server.info.password);
    await page.goto('/documents/patients');
    await page.waitForFunction((total) => document.querySelector('[data-testid=patient-documents-row]')?.textContent?.includes(`${total} документов`), RECORDS, { timeout: 600_000, polling: 250 });
    await page.reload();
    await page.getByTestId('patient-documents-row').click();
    await page.waitForFunction((total) => document.querySelector('[data-testid=document-count]')?.textContent?.trim() === `${total} документов`, RECORDS, { timeout: 120_000, polling: 100 });
    const session = await context.newCDPSession(page);
    await session.send('HeapProfiler.enable');
    await session.send('HeapProfiler.collectGarbage');
    const usage = await session.send('Runtime.getHeapUsage');
    console.log(`heap used ${(usage.usedSize / 1e6).toFixed(1)} MB of ${(usage.totalSize / 1e6).toFixed(1)} MB`);
    let json = '';
    session.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => (json += chunk));
    await session.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    const snap = JSON.parse(json) as Snapshot;
    const fields = snap.snapshot.meta.node_fields;
    const types = snap.snapshot.meta.node_types[0];
    const [typeAt, nameAt, sizeAt] = [fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size')];
    const by = new Map<string, { size: number; count: number }>();
    let total = 0;
    for (let i = 0; i < snap.nodes.length; i += fields.length) {
      const type = types[snap.nodes[i + typeAt]!]!;
      const name = type === 'object' || type === 'closure' || type === 'native' ? `${type} ${snap.strings[snap.nodes[i + nameAt]!]!.slice(0, 60)}` : type;
      const size = snap.nodes[i + sizeAt]!;
      total += size;
      const entry = by.get(name) ?? { size: 0, count: 0 };
      entry.size += size;
      entry.count++;
      by.set(name, entry);
    }
    console.log(`snapshot: ${(total / 1e6).toFixed(1)} MB self size in ${(snap.nodes.length / fields.length).toLocaleString('en')} nodes`);
    for (const [name, { size, count }] of [...by].sort((a, b) => b[1].size - a[1].size).slice(0, TOP)) {
      console.log(`  ${(size / 1e6).toFixed(2).padStart(6)} MB ${String(count).padStart(8)}  ${name}`);
    }
  } finally {
    await context.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
