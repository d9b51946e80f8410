/**
 * What the documents' review-order key and index cost the device (session 7): 5,000 records
 * written in pages of 1,000 (as the first sync writes them) into a fresh database, then read
 * whole, without and with the key, in turns in one Chromium page (index-cost-page.ts).
 *   node --import tsx bench/patient-page/index-cost.ts        # BENCH_ROUNDS (6, the first discarded), BENCH_RECORDS (5000)
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../..');
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 6);
const RECORDS = Number(process.env['BENCH_RECORDS'] ?? 5000);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' / ');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

const script = (await build({
  entryPoints: [resolve(import.meta.dirname, 'index-cost-page.ts')], bundle: true, format: 'iife', platform: 'browser', write: false, minify: true,
  define: { 'process.env.NODE_ENV': '"production"' }, absWorkingDir: ROOT,
})).outputFiles[0]!.text;
console.log(`index cost — ${RECORDS} records, ${ROUNDS} rounds (the first discarded), plain/keyed in turns; load at start ${load()}`);
const browser = await chromium.launch({ executablePath: process.env['CHROME_BIN'] || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
try {
  const page = await browser.newPage();
  // A real, secure (localhost) origin for IndexedDB and crypto.subtle, served by the bench itself.
  page.on('pageerror', (error) => console.error('page error:', error));
  await page.route('http://localhost/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>index cost</title>' }));
  await page.goto('http://localhost/');
  await page.addScriptTag({ content: script });
  const results: Record<'plain' | 'keyed', { write: number; read: number; first: number }[]> = { plain: [], keyed: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? (['keyed', 'plain'] as const) : (['plain', 'keyed'] as const);
    const line: string[] = [];
    for (const kind of order) {
      const r = await page.evaluate(([k, n]) => (globalThis as unknown as { indexCost: { run(k: string, n: number): Promise<{ write: number; read: number; first: number }> } }).indexCost.run(k, n), [kind, RECORDS] as const);
      if (round > 0) results[kind].push(r);
      line.push(`${kind}: write ${r.write.toFixed(0)} ms, whole read ${r.read.toFixed(0)} ms${kind === 'keyed' ? `, first screen ${r.first.toFixed(1)} ms` : ''}`);
    }
    console.log(`  ${round === 0 ? 'warm-up' : `round ${round}`}: ${line.join('; ')}; load ${load()}`);
  }
  const m = (kind: 'plain' | 'keyed', key: 'write' | 'read' | 'first') => median(results[kind].map((r) => r[key]));
  const perRound = (key: 'write' | 'read') => results.keyed.map((r, i) => r[key] / results.plain[i]![key]);
  console.log(`\nmedians of ${results.plain.length} rounds (load at the end ${load()}):`);
  console.log(`  write ${RECORDS} in pages of 1,000   plain ${m('plain', 'write').toFixed(0)} ms, keyed ${m('keyed', 'write').toFixed(0)} ms: ${(m('keyed', 'write') / m('plain', 'write')).toFixed(2)}× (per round ${Math.min(...perRound('write')).toFixed(2)}–${Math.max(...perRound('write')).toFixed(2)}, median ${median(perRound('write')).toFixed(2)})`);
  console.log(`  whole read (find + toJSON)          plain ${m('plain', 'read').toFixed(0)} ms, keyed ${m('keyed', 'read').toFixed(0)} ms: ${(m('keyed', 'read') / m('plain', 'read')).toFixed(2)}× (per round ${Math.min(...perRound('read')).toFixed(2)}–${Math.max(...perRound('read')).toFixed(2)}, median ${median(perRound('read')).toFixed(2)})`);
  console.log(`  first screen (31 by the index)      keyed ${m('keyed', 'first').toFixed(1)} ms`);
} finally {
  await browser.close();
}
