/**
 * Where the manager's start goes, on the demo server (small data; run `npm run build` first):
 * one sign-in in real Chromium with an on-disk profile, then the page's own record of it —
 * every script's fetch (start → end, ms after the click), the long tasks (> 50 ms) and when the
 * navigation with «Пациенты по этапам» appeared. Not a figure for the goal (bench:manager is):
 * a picture of the order things happen in.
 *
 *   node --import tsx bench/manager/timeline.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { DEMO } from '../../e2e/support/app';
import { startServer } from '../../e2e/support/server';

const server = await startServer();
const profile = mkdtempSync(join(tmpdir(), 'oblako-manager-timeline-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  viewport: { width: 1366, height: 900 },
  locale: 'ru-RU',
  baseURL: server.baseUrl,
});
try {
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Номер телефона').fill(DEMO.manager.phone);
  await page.getByLabel('Пароль', { exact: true }).fill(DEMO.password);
  await page.evaluate(() => {
    const record: string[] = [];
    (window as unknown as { timeline: string[] }).timeline = record;
    new PerformanceObserver((list) => {
      for (const task of list.getEntries()) record.push(`long task ${task.startTime.toFixed(0)} +${task.duration.toFixed(0)}`);
    }).observe({ type: 'longtask' });
    document.querySelector('button[type=submit]')!.addEventListener('click', () => performance.mark('click'), { capture: true });
  });
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('link', { name: 'Пациенты по этапам' }).first().waitFor({ state: 'visible', timeout: 120_000 });
  // A string, not a function: tsx would wrap the page's named functions in its own helper.
  const lines = (await page.evaluate(`(() => {
    const shown = performance.now();
    const click = performance.getEntriesByName('click')[0].startTime;
    const at = (time) => (time - click).toFixed(0).padStart(6);
    const rows = [];
    for (const entry of performance.getEntriesByType('resource')) {
      if (entry.startTime < click) continue;
      rows.push([entry.startTime, at(entry.startTime) + ' → ' + at(entry.responseEnd) + '  ' + new URL(entry.name).pathname + '  ' + (entry.encodedBodySize / 1024).toFixed(1) + ' kB']);
    }
    for (const line of window.timeline) {
      const [, start, duration] = /long task (\\d+) \\+(\\d+)/.exec(line);
      if (Number(start) >= click) rows.push([Number(start), at(Number(start)) + ' long task ' + duration + ' ms']);
    }
    rows.push([shown, at(shown) + ' navigation with «Пациенты по этапам» seen']);
    return rows.sort((a, b) => a[0] - b[0]).map((row) => row[1]);
  })()`)) as string[];
  console.log(`# ms after the sign-in click; load ${loadavg().map((n) => n.toFixed(2)).join(' / ')} on ${cpus().length} cores`);
  for (const line of lines) console.log(line);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  await server.stop();
}
