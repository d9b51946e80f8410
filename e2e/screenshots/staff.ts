/**
 * Screenshots of «Сотрудники» (not part of `npm test`), Russian, phone 390×844 and desktop
 * 1366×900, into docs/screenshots/staff-<screen>-<phone|desktop>.png.
 *
 *   npx ng build && node --import tsx e2e/screenshots/staff.ts
 *
 * Starts its own demo server (fresh data): the demo manager adds a doctor and a manager, changes
 * specialties, and deactivates the demo doctor (who holds the demo patient).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO, apiSession, signIn } from '../support/app';
import { launchBrowser, newContext } from '../support/browser';
import { startServer } from '../support/server';
import { OUT, SIZES } from './shots';

async function shot(page: Page, screen: string): Promise<void> {
  for (const [size, viewport] of Object.entries(SIZES)) {
    await page.setViewportSize(viewport);
    // Layout settles (breakpoint observers, fonts) before the picture.
    await page.waitForTimeout(800);
    const path = join(OUT, `staff-${screen}-${size}.png`);
    await page.screenshot({ path, fullPage: true });
    console.log(path);
  }
}

await mkdir(OUT, { recursive: true });
const server = await startServer();
const browser = await launchBrowser();
try {
  const { token } = await apiSession(server.baseUrl, DEMO.manager.phone);
  const post = (path: string, body: unknown) =>
    fetch(`${server.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const added = (await (await post('/api/admin/staff', { role: 'doctor', fullName: 'Орлова Нина Сергеевна', phone: '+79161234501', specialties: ['oncology', 'hematology'], timeZone: 'Asia/Yekaterinburg' })).json()) as { id: string };
  await post('/api/admin/staff', { role: 'manager', fullName: 'Соколов Дмитрий Олегович', phone: '+79161234502' });
  await post(`/api/admin/staff/${added.id}/specialties`, { specialties: ['oncology', 'hematology', 'therapy'] });

  const context = await newContext(browser, server.baseUrl, { viewport: SIZES.desktop });
  const page = await context.newPage();
  await signIn(page, DEMO.manager.phone);
  await page.goto('/admin/staff');
  await page.getByTestId('staff-row').filter({ hasText: 'Орлова Нина Сергеевна' }).waitFor();
  await shot(page, 'list');

  await page.setViewportSize(SIZES.desktop);
  await page.getByTestId('staff-add').click();
  await page.getByTestId('staff-name').fill('Зайцева Елена Павловна');
  await page.getByTestId('staff-phone').fill('+7 916 123-45-09');
  await page.getByTestId('staff-specialties').click();
  await page.getByRole('option', { name: 'Неврология' }).click();
  await page.keyboard.press('Escape');
  await shot(page, 'add');
  await page.keyboard.press('Escape');

  await page.setViewportSize(SIZES.desktop);
  const doctorRow = page.getByTestId('staff-row').filter({ hasText: DEMO.doctor.name });
  await doctorRow.getByTestId('staff-deactivate').click();
  await page.getByTestId('confirm').waitFor();
  await shot(page, 'deactivate-confirm');
  await page.getByTestId('confirm').click();
  await page.getByTestId('staff-holdings').waitFor();
  await page.getByTestId('held-patient').first().waitFor();
  await shot(page, 'deactivated');
} finally {
  await browser.close();
  await server.stop();
}
