/**
 * `node --import tsx bench/browser/profile-app.ts <out.cpuprofile>`: one app sign-in of the
 * browser bench with the page's CPU profile (CDP Profiler), to see where the first sync's time
 * goes; summarise with `node --import tsx bench/sync/profile-summary.ts <out.cpuprofile>`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startStand } from './stand';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = process.argv[2] ?? 'app.cpuprofile';

const stand = await startStand(ROOT, Number(process.env['BENCH_RECORDS'] ?? 5000));
const dir = await mkdtemp(join(tmpdir(), 'oblako-bench-profile-'));
try {
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env['CHROME_BIN'] || '/usr/bin/chromium',
    headless: true,
    baseURL: stand.server.baseUrl,
    locale: 'ru-RU',
    viewport: { width: 1366, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Номер телефона').fill(stand.doctor.phone);
  await page.getByLabel('Пароль', { exact: true }).fill(stand.doctor.password);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForFunction(() => performance.getEntriesByName('oblako:initial-sync:documents').length > 0, undefined, { polling: 100, timeout: 180_000 });
  const { profile } = await cdp.send('Profiler.stop');
  await writeFile(out, JSON.stringify(profile));
  console.log(`wrote ${out}`);
  // The timeline beside the profile: the app's marks and the sync/API requests, ms after the profile's start.
  const timeline = await page.evaluate(() =>
    [
      ...performance.getEntriesByType('mark').map((mark) => `${Math.round(mark.startTime)}  mark ${mark.name}`),
      ...performance
        .getEntriesByType('resource')
        .filter((entry) => /\/(sync|api)\//.test(entry.name) || entry.name.endsWith('.js'))
        .map((entry) => `${Math.round(entry.startTime)}–${Math.round((entry as PerformanceResourceTiming).responseEnd)}  ${entry.name.replace(location.origin, '').slice(0, 110)}`),
    ].sort((a, b) => parseInt(a) - parseInt(b)),
  );
  console.log(timeline.join('\n'));
  await context.close();
} finally {
  await rm(dir, { recursive: true, force: true });
  await stand.close();
}
