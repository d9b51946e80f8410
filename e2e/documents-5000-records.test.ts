/**
 * Journey of the speed issue, doctor side: a patient with 5,000 document records (written
 * straight into the server's store). The doctor signs in, the records reach the device, the
 * patients list counts them, the patient's page draws its first cards with only a window of the
 * list in the page, and scrolling to the end shows the very last (oldest) record; a reload draws
 * the first cards before the database answers. Then the device runs out of storage: marking a
 * record reviewed is refused with «На устройстве не хватает места» and what to free, nothing is
 * lost, and with room again the same click saves it and it reaches the stand.server. (A full disk is
 * simulated in the page: IndexedDB's put/add throw the browser's QuotaExceededError while
 * `__diskFull` is set. CDP's Storage.overrideQuotaForOrigin was tried first: Chromium 156 reports
 * the lowered quota but still commits small IndexedDB writes, so it cannot make a write fail
 * reliably.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { apiSession, readDocs, signIn } from './support/app';
import { DESKTOP, PHONE, newContext } from './support/browser';
import { eventually } from './support/eventually';
import { SIMULATE_FULL_DISK, setDiskFull } from './support/full-disk';
import { useStandWithRecords } from './support/stand';

const RECORDS = 5_000;
const stand = useStandWithRecords(RECORDS);

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
    const context = await newContext(stand.browser, stand.server.baseUrl, device);
    const page = await context.newPage();
    await signIn(page, stand.server.info.doctorPhone, stand.server.info.password);
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

    // A reload while another tab holds the device's database (its write lock, as a tab does while
    // it writes): the page draws what it showed last time with no database (its first-paint copy,
    // modules/documents/ui/lists/patient-list-copy.ts), then the whole patient once the lock is let go.
    const holder = await context.newPage();
    await holder.goto('/icons/icon-192.png');
    const held = await holder.evaluate(holdDatabaseWriteLock);
    assert.ok(held, 'the app has its database open');
    await page.reload();
    await page.getByTestId('document').first().waitFor({ timeout: 30_000 });
    assert.match(await page.getByTestId('document').first().innerText(), /Запись 1\.pdf/, 'the same first card after a reload');
    assert.equal((await page.getByTestId('document-count').innerText()).trim(), 'Загружаю остальные…', 'drawn before the database answered');
    assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /Документы пациента: Орлова Вера Николаевна/, 'whose documents, from the start');
    await holder.evaluate(() => (window as unknown as { releaseDatabase(): void }).releaseDatabase());
    await eventually(async () => (await page.getByTestId('document-count').innerText()).trim() === '5000 документов', 'the whole list read after the reload', 60_000);
    assert.match(await page.getByTestId('document').first().innerText(), /Запись 1\.pdf/, 'the same first card from the database');
    await holder.close();
    await context.close();
  });
}

/**
 * Run in a second page of the app's origin: takes the paged storage's write lock of the database
 * the app has open (core/db/paged-storage/write-lock.ts) and keeps it until `releaseDatabase()`.
 * Resolves with the database's name once granted (null: no database open).
 */
async function holdDatabaseWriteLock(): Promise<string | null> {
  const state = await navigator.locks.query();
  const open = (state.held ?? []).find((lock) => lock.name?.startsWith('oblako-pages-open:'));
  if (!open?.name) return null;
  const database = open.name.slice('oblako-pages-open:'.length);
  await new Promise<void>((granted) => {
    void navigator.locks.request(`oblako-pages-write:${database}`, () => {
      granted();
      return new Promise<void>((release) => ((window as unknown as { releaseDatabase(): void }).releaseDatabase = release));
    });
  });
  return database;
}

test('out of storage: the review is not lost, the message says what to free; with room again it is saved and sent', async () => {
  const context = await newContext(stand.browser, stand.server.baseUrl, DESKTOP);
  await context.addInitScript({ content: SIMULATE_FULL_DISK });
  const page = await context.newPage();
  await signIn(page, stand.server.info.doctorPhone, stand.server.info.password);
  await page.goto('/documents/patients');
  const row = page.getByTestId('patient-documents-row');
  await eventually(async () => (await row.innerText()).includes('5000 документов'), 'the records on the device', 180_000);
  await row.click();
  const first = page.getByTestId('document').first();
  await first.waitFor({ timeout: 30_000 });
  assert.match(await first.innerText(), /Запись 1\.pdf/);

  // The phone is full.
  await setDiskFull(page, true);
  await first.getByTestId('mark-reviewed').click();
  const notice = page.getByTestId('storage-notice');
  await notice.waitFor({ timeout: 20_000 });
  assert.equal(await notice.getAttribute('data-kind'), 'full');
  const text = await notice.innerText();
  assert.match(text, /На устройстве не хватает места/);
  assert.match(text, /Изменение не потеряно/);
  assert.match(text, /освободите место на телефоне/);
  assert.match(await first.innerText(), /Запись 1\.pdf/, 'the record stays first, not reviewed');
  assert.equal(await first.getByTestId('mark-reviewed').count(), 1, 'the button to try again is still there');

  // Room again: the same click keeps the review, and it reaches the stand.server.
  await setDiskFull(page, false);
  await page.getByTestId('storage-dismiss').click();
  await first.getByTestId('mark-reviewed').click();
  await page.getByText('Отмечено как просмотренное.').waitFor({ timeout: 20_000 });
  const { token } = await apiSession(stand.server.baseUrl, stand.server.info.doctorPhone, stand.server.info.password);
  const id = `${stand.server.info.patientId}:rec-00000`;
  await eventually(async () => (await readDocs(stand.server.baseUrl, token, 'documents', [id]))[0]?.doc?.['reviewedAt'], 'the review on the server', 30_000);
  await context.close();
});
