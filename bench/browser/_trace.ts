import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startStand } from './stand';
const ROOT = join(import.meta.dirname, '..', '..');
const out = process.argv[2] ?? '/tmp/trace.json';
const stand = await startStand(ROOT, 5000);
const dir = await mkdtemp(join(tmpdir(), 'oblako-trace-'));
try {
  const context = await chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', headless: true, baseURL: stand.server.baseUrl, locale: 'ru-RU', viewport: { width: 1366, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Номер телефона').fill(stand.doctor.phone);
  await page.getByLabel('Пароль', { exact: true }).fill(stand.doctor.password);
  const cdp = await context.newCDPSession(page);
  const events: unknown[] = [];
  cdp.on('Tracing.dataCollected', (e: { value: unknown[] }) => events.push(...e.value));
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink.user_timing', 'toplevel', 'disabled-by-default-v8.compile', 'blink', 'loading', 'netlog', 'disabled-by-default-devtools.timeline.stack'] } });
  await page.evaluate('performance.mark("trace:click")');
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForFunction(() => performance.getEntriesByName('oblako:initial-sync:documents').length > 0, undefined, { polling: 100, timeout: 180_000 });
  await cdp.send('Tracing.end');
  await done;
  await writeFile(out, JSON.stringify(events));
  console.log('events', events.length);
  await context.close();
} finally { await rm(dir, { recursive: true, force: true }); await stand.close(); }
