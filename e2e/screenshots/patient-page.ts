/**
 * Screenshots of the doctor's page of a patient with 5,000 records and of the out-of-storage
 * message (not part of `npm test`), Russian, phone 390×844 and desktop 1366×900, into
 * docs/screenshots/documents-<screen>-<phone|desktop>.png.
 *
 *   npx ng build && node --import tsx e2e/screenshots/patient-page.ts
 *
 * Starts its own server with the records written into its store; the phone is "full" through
 * e2e/support/full-disk.ts (IndexedDB writes refused with QuotaExceededError).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { signIn } from '../support/app';
import { DESKTOP, PHONE, launchBrowser, newContext } from '../support/browser';
import { eventually } from '../support/eventually';
import { SIMULATE_FULL_DISK, setDiskFull } from '../support/full-disk';
import { startServerWithRecords } from '../support/patient-with-records';
import { OUT } from './shots';

async function shot(page: Page, name: string): Promise<void> {
  // Layout settles (breakpoint observers, measured card heights) before the picture.
  await page.waitForTimeout(800);
  const path = join(OUT, `documents-${name}.png`);
  await page.screenshot({ path });
  console.log(path);
}

await mkdir(OUT, { recursive: true });
const dataDir = await mkdtemp(join(tmpdir(), 'oblako-shots-'));
const server = await startServerWithRecords(5_000, dataDir);
const browser = await launchBrowser();
try {
  for (const [size, device] of [['desktop', { ...DESKTOP, viewport: { width: 1366, height: 900 } }], ['phone', PHONE]] as const) {
    const context: BrowserContext = await newContext(browser, server.baseUrl, device as typeof DESKTOP);
    await context.addInitScript({ content: SIMULATE_FULL_DISK });
    const page = await context.newPage();
    await signIn(page, server.info.doctorPhone, server.info.password);
    await page.goto('/documents/patients');
    const row = page.getByTestId('patient-documents-row');
    await eventually(async () => (await row.innerText()).includes('5000 документов'), 'the records on the device', 180_000);
    await shot(page, `doctor-patients-${size}`);
    await row.click();
    await eventually(async () => (await page.getByTestId('document-count').innerText()).trim() === '5000 документов', 'the whole list', 60_000);
    await shot(page, `doctor-patient-5000-${size}`);
    await page.evaluate(() => {
      const viewport = document.querySelector<HTMLElement>('[data-testid=document-list]')!;
      viewport.scrollTop = viewport.scrollHeight / 2;
    });
    await shot(page, `doctor-patient-5000-scrolled-${size}`);
    await page.evaluate(() => (document.querySelector<HTMLElement>('[data-testid=document-list]')!.scrollTop = 0));

    await setDiskFull(page, true);
    await page.getByTestId('document').first().getByTestId('mark-reviewed').click();
    await page.getByTestId('storage-notice').waitFor({ timeout: 20_000 });
    await page.evaluate(() => document.querySelector('.mat-drawer-content')?.scrollTo(0, 0));
    await shot(page, `storage-full-${size}`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
