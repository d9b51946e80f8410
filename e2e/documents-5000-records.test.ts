/**
 * Journey of the speed issue, doctor side: a patient with 5,000 document records (written
 * straight into the server's store). The doctor signs in, the records reach the device, the
 * patients list counts them, the patient's page draws its first cards with only a window of the
 * list in the page, and scrolling to the end shows the very last (oldest) record.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { signIn } from './support/app';
import { DESKTOP, PHONE, launchBrowser, newContext } from './support/browser';
import { eventually } from './support/eventually';
import { startServerWithRecords } from './support/patient-with-records';

const RECORDS = 5_000;
let server: Awaited<ReturnType<typeof startServerWithRecords>>;
let dataDir: string;
let browser: Browser;

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oblako-e2e-records-'));
  server = await startServerWithRecords(RECORDS, dataDir);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Scrolls the virtual list down until its last item is in view (heights are measured as it goes). */
async function scrollToEnd(page: Page): Promise<void> {
  await eventually(
    () =>
      page.evaluate((total) => {
        const viewport = document.querySelector<HTMLElement>('[data-testid=document-list]')!;
        viewport.scrollTop = viewport.scrollHeight;
        const items = viewport.querySelectorAll<HTMLElement>('[role=listitem]');
        const last = items[items.length - 1];
        if (last?.getAttribute('aria-posinset') !== String(total)) return false;
        const box = last.getBoundingClientRect();
        const view = viewport.getBoundingClientRect();
        return box.bottom <= view.bottom + 1 && box.bottom > view.top;
      }, RECORDS),
    'the last record scrolled into view',
    30_000,
  );
}

for (const [label, device] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
  test(`${label}: the doctor opens a patient with 5,000 records and scrolls to the last one`, async () => {
    const context = await newContext(browser, server.baseUrl, device);
    const page = await context.newPage();
    await signIn(page, server.info.doctorPhone, server.info.password);
    await page.goto('/documents/patients');
    const row = page.getByTestId('patient-documents-row');
    // The first sync brings 5,000 records: generous, the machine is shared.
    await eventually(async () => (await row.innerText()).includes('5000 документов'), 'the 5,000 records counted on the patients list', 180_000);
    assert.match(await row.innerText(), /Орлова Вера Николаевна[\s\S]*5000 документов · Не просмотрено: 40/);
    await row.click();

    await page.getByTestId('document').first().waitFor({ timeout: 30_000 });
    await eventually(async () => (await page.getByTestId('document-count').innerText()).trim() === '5000 документов', 'the whole list read', 60_000);
    // Not reviewed and newest first: record 1 of 5,000 opens the list.
    assert.match(await page.getByTestId('document').first().innerText(), /Запись 1\.pdf/);
    const drawn = await page.getByTestId('document').count();
    assert.ok(drawn > 0 && drawn < 40, `only a window of the list is in the page (${drawn} cards)`);
    assert.equal(await page.getByTestId('document-list').getAttribute('role'), 'list');

    await scrollToEnd(page);
    const last = page.locator('[data-testid=file][data-name="Запись 5000.pdf"]');
    assert.ok(await last.isVisible(), 'the oldest record, 5,000 of 5,000, is shown');
    const drawnAtEnd = await page.getByTestId('document').count();
    assert.ok(drawnAtEnd < 40, `still only a window at the end (${drawnAtEnd} cards)`);
    await context.close();
  });
}
