import type { Locator, Page } from 'playwright-core';
import { eventually } from './eventually';

/**
 * Helpers for the consultations journeys (issue 5): what a patient, a doctor and a manager do
 * in «Консультации», «Новые пациенты», the consultation page, «Календарь» and «Пациенты по
 * этапам», driven through the real pages; plus a few read-only API probes to check the server.
 */

/** HH:MM of an instant on a wall clock in `timeZone`, computed independently of the app (Intl). */
export function wallTime(instant: string | number | Date, timeZone: string): string {
  return new Intl.DateTimeFormat('ru-RU', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
}

/** «26 ноября» — day and month (genitive) of an instant in `timeZone`, independently of the app. */
export function wallDate(instant: string | number | Date, timeZone: string): string {
  return new Intl.DateTimeFormat('ru-RU', { timeZone, day: 'numeric', month: 'long' }).format(new Date(instant));
}

/** The patient sets the profile's «Часовой пояс» through the profile page (option label starts with `zoneLabel`). */
export async function setProfileZone(page: Page, zoneLabel: string): Promise<void> {
  await page.goto('/profile');
  await page.getByTestId('profile-form').waitFor();
  const select = page.getByLabel('Часовой пояс', { exact: true });
  // The form fills in from the device's database: wait for the name before editing.
  await eventually(async () => (await page.getByLabel('ФИО', { exact: true }).inputValue()) !== '', 'the profile loaded');
  await select.click();
  await page.getByRole('option', { name: new RegExp(`^${zoneLabel}`) }).click();
  await eventually(async () => (await select.innerText()).includes(zoneLabel), `«${zoneLabel}» chosen`);
  await page.getByRole('button', { name: 'Сохранить' }).click();
  // Stored on the device («Сохранено…»): a page load right after the click would cut the save off.
  await page.getByText(/^\s*Сохранено/).first().waitFor({ timeout: 15_000 });
}

/** «Консультации»: chooses the profile and presses «Записаться»; resolves when the card is there. */
export async function bookConsultation(page: Page, specialtyLabel: string): Promise<Locator> {
  // The empty select's floating label lies over it: press the field, as a finger does.
  await page.locator('mat-form-field', { has: page.getByTestId('book-specialty') }).click();
  await page.getByRole('option', { name: specialtyLabel, exact: true }).click();
  await page.getByTestId('book-submit').click();
  const card = page.getByTestId('consultation-card').first();
  await card.waitFor({ timeout: 15_000 });
  return card;
}

/** `data-state` of a «Что нужно загрузить» line (`conclusion` | `examination`): done | pending | missing. */
export async function checklistState(page: Page, requirement: 'conclusion' | 'examination'): Promise<string | null> {
  return page.getByTestId(`checklist-${requirement}`).getAttribute('data-state', { timeout: 5_000 });
}

export async function waitForChecklist(page: Page, states: { conclusion: string; examination: string }, timeoutMs = 20_000): Promise<void> {
  await eventually(
    async () => (await checklistState(page, 'conclusion')) === states.conclusion && (await checklistState(page, 'examination')) === states.examination,
    `checklist ${JSON.stringify(states)}`,
    timeoutMs,
  );
}

/** The card's `data-status` once it is `status`. */
export async function waitForCardStatus(card: Locator, status: string, timeoutMs = 20_000): Promise<void> {
  let last: string | null = null;
  try {
    await eventually(async () => (last = await card.getAttribute('data-status', { timeout: 2_000 }).catch(() => null)) === status, `consultation ${status}`, timeoutMs);
  } catch (error) {
    throw new Error(`${(error as Error).message}; it is ${last}`);
  }
}

/** «Новые пациенты»: waits for the patient's row and presses «Взять пациента»; resolves on the consultation page. */
export async function takeFromQueue(page: Page, patientName: string, timeoutMs = 30_000): Promise<string> {
  await page.goto('/consultations/queue');
  const entry = page.getByTestId('queue-entry').filter({ hasText: patientName });
  await eventually(
    async () => {
      if ((await entry.count()) > 0) return true;
      // The queue refreshes by itself once a minute; the person presses «Обновить» instead of waiting.
      const refresh = page.getByTestId('queue-refresh');
      if (await refresh.isEnabled().catch(() => false)) await refresh.click().catch(() => undefined);
      await page.waitForTimeout(500);
      return false;
    },
    `${patientName} in «Новые пациенты»`,
    timeoutMs,
  );
  await entry.first().getByTestId('take-patient').click();
  // «Взять пациента?» — the doctor confirms.
  await page.getByTestId('confirm').click({ timeout: 15_000 });
  await page.waitForURL((url) => url.pathname.startsWith('/consultations/c/'), { timeout: 20_000 });
  return decodeURIComponent(new URL(page.url()).pathname.slice('/consultations/c/'.length));
}

/** The doctor's consultation page: the status chip's text. */
export async function doctorStatus(page: Page): Promise<string> {
  return (await page.getByTestId('consultation-status').innerText({ timeout: 2_000 })).trim();
}

export async function waitForDoctorStatus(page: Page, label: string, timeoutMs = 30_000): Promise<void> {
  let last = '';
  try {
    await eventually(async () => (last = await doctorStatus(page).catch(() => '')) === label, `status «${label}» on the doctor’s page`, timeoutMs);
  } catch (error) {
    throw new Error(`${(error as Error).message}; it is «${last}»`);
  }
}

/** The least time between a listed slot's start and the doctor's «Назначить»: a slot that has begun by then is refused as past (in_past). */
export const SLOT_CHOICE_MARGIN_MS = 30_000;

/**
 * «Назначить время» → the first free slot of the first day that has one, unless it begins within
 * SLOT_CHOICE_MARGIN_MS (then the next) → «Назначить». Returns the slot's UTC start. With short
 * slots the first free one may begin seconds after the list was drawn; a doctor who confirms it
 * after that is told the time has passed (as the server must), which is not what these journeys test.
 */
export async function scheduleFirstFreeSlot(page: Page): Promise<string> {
  await page.getByTestId('action-schedule').click({ timeout: 30_000 });
  await page.getByTestId('slot').first().waitFor({ timeout: 15_000 });
  const starts = await page.getByTestId('slot').evaluateAll((slots) => slots.slice(0, 2).map((slot) => slot.getAttribute('data-start') ?? ''));
  const index = Date.parse(starts[0]!) - Date.now() < SLOT_CHOICE_MARGIN_MS && starts[1] ? 1 : 0;
  const slot = page.getByTestId('slot').nth(index);
  const start = await slot.getAttribute('data-start');
  if (!start) throw new Error('the slot has no data-start');
  await slot.click();
  await page.getByTestId('slot-summary').waitFor();
  // A slot in the patient's night (22:00–07:00 on their clock) is booked once the doctor confirms it was agreed.
  if ((await slot.getAttribute('data-night')) === 'true') await page.getByTestId('slot-night-agreed').locator('input').check();
  await page.getByTestId('schedule-confirm').click();
  await page.getByTestId('consultation-slot').waitFor({ timeout: 15_000 });
  return start;
}

/**
 * «Календарь»: slot length and the same working hours on every weekday, typed into the 24-hour
 * time fields as a doctor would ('HH:MM'; an end of 00:00 or 24:00 is midnight at the day's end).
 */
export async function setCalendar(page: Page, options: { slotMinutes: number; start: string; end: string }): Promise<void> {
  await page.goto('/consultations/settings');
  // The stored calendar (the seeded one) is on the page before anything is edited: a draft the
  // doctor has changed is never replaced by it, so editing the defaults would lose its specialties.
  await page.locator('form[data-stored="true"]').waitFor({ timeout: 30_000 });
  await page.getByTestId('settings-slot').fill(String(options.slotMinutes));
  for (const day of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']) {
    const row = page.getByTestId(`day-${day}`);
    const starts = row.getByTestId('interval-start');
    // Keep one interval per day. The page draws a click's result a moment later (zoneless change
    // detection): each count is awaited before the next click. Counting too early here clicked
    // «remove» once more, on the day's last interval, and the day was left with none — the
    // «interval-start detached from the DOM» failures of setCalendar in loaded suite runs.
    let count = await starts.count();
    while (count > 1) {
      await row.getByTestId('remove-interval').last().click();
      const expected = count - 1;
      await eventually(async () => (await starts.count()) === expected, `${day}: ${expected} interval(s) left`);
      count = expected;
    }
    if (count === 0) {
      await page.getByTestId(`add-interval-${day}`).click();
      await eventually(async () => (await starts.count()) === 1, `${day}: an interval added`);
    }
    await typeTime(starts, options.start);
    await typeTime(row.getByTestId('interval-end'), options.end);
  }
  await eventually(async () => (await page.getByTestId('day-error').count()) === 0, 'no errors in the week');
  await page.getByTestId('settings-save').click();
  await eventually(async () => (await page.getByTestId('settings-dirty').count()) === 0, 'the calendar saved');
}

/** A time typed into a timepicker field, then Tab: the field shows it as 'HH:MM' (24:00 for an end at midnight). */
async function typeTime(field: Locator, time: string): Promise<void> {
  await field.fill(time);
  await field.press('Tab');
}

/** A consultation document as the given user reads it through replication. */
export interface ConsultationDoc {
  id: string;
  patientId: string;
  status: string;
  doctorId?: string;
  slot?: { start: string; end: string };
  cancellation?: { by: string; reason?: string };
  conclusionId?: string;
  [key: string]: unknown;
}

async function changes<T>(baseUrl: string, token: string, collection: string): Promise<T[]> {
  const response = await fetch(`${baseUrl}/sync/${collection}/_changes?include_docs=true&since=0`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`${collection} _changes failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { results: { doc?: T & { _id?: string; _deleted?: boolean } }[] };
  // CouchDB spelling on the wire: the id is `_id`.
  return body.results.flatMap((row) => (row.doc && !row.doc._deleted ? [{ ...row.doc, id: row.doc._id }] : []));
}

/** Every consultation the session may read (the doctor: of assigned patients). */
export function serverConsultations(baseUrl: string, token: string): Promise<ConsultationDoc[]> {
  return changes<ConsultationDoc>(baseUrl, token, 'consultations');
}

/** The patient's documents as the server holds them. */
export function serverDocuments(baseUrl: string, token: string): Promise<{ id: string; type: string; files: { fileId: string; name?: string }[] }[]> {
  return changes(baseUrl, token, 'documents');
}

/** The text of every page of a PDF, extracted with pdf.js (legacy build, for Node). */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: bytes.slice(), disableFontFace: true, useSystemFonts: false }).promise;
  let text = '';
  for (let number = 1; number <= pdf.numPages; number++) {
    const content = await (await pdf.getPage(number)).getTextContent();
    text += content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
  }
  await pdf.destroy();
  return text;
}

/** The unread count on «Уведомления» in the navigation (0 when no badge). */
export async function unreadBadge(page: Page): Promise<number> {
  // Read in one go: the badge comes and goes as notifications arrive and are read.
  const text = await page.evaluate(() => {
    const badge = document.querySelector('[data-testid=nav-badge][data-badge="consultations.unread"]');
    if (!badge) return '0';
    const content = badge.querySelector('.mat-badge-content') ?? badge.querySelector('[aria-hidden=true]') ?? badge;
    return (content.textContent ?? '').trim();
  });
  return Number(text) || 0;
}

/** Runs a journey; when it fails, saves what each page showed (E2E_SHOTS=<dir>) before rethrowing. */
export async function withFailureShots(pages: () => Record<string, Page | undefined>, journey: () => Promise<void>): Promise<void> {
  try {
    await journey();
  } catch (error) {
    const dir = process.env['E2E_SHOTS'];
    if (dir) {
      for (const [name, page] of Object.entries(pages())) {
        if (page && !page.isClosed()) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true }).catch(() => undefined);
      }
    }
    throw error;
  }
}
