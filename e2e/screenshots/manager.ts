/**
 * Screenshots of the manager's paged lists (not part of `npm test`), Russian, phone 390×844 and
 * desktop 1366×900, into docs/screenshots/manager-<screen>-<phone|desktop>.png.
 *
 *   npx ng build && node --import tsx e2e/screenshots/manager.ts
 *
 * Starts its own demo server (fresh data) and imports 120 patients through the import API.
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
    const path = join(OUT, `manager-${screen}-${size}.png`);
    await page.screenshot({ path, fullPage: size === 'desktop' });
    console.log(path);
  }
}

function table(count: number): string {
  const people = [
    'Иванова Анна Петровна', 'Смирнов Игорь Сергеевич', 'Кузнецова Мария Ивановна', 'Попов Олег Андреевич', 'Васильева Елена Викторовна',
    'Петров Павел Николаевич', 'Соколова Ольга Дмитриевна', 'Михайлов Сергей Павлович', 'Новикова Татьяна Юрьевна', 'Фёдоров Алексей Ильич',
    'Морозова Наталья Олеговна', 'Волков Дмитрий Петрович',
  ];
  const lines = ['ФИО;Дата рождения;Телефон;Диагноз;Код МКБ-10;Направившая МО;Лечащий врач;Профиль консультации'];
  for (let n = 0; n < count; n++) {
    const digits = String(10_000_000 + n * 37);
    lines.push(`${people[n % people.length]};${String((n % 28) + 1).padStart(2, '0')}.0${(n % 9) + 1}.19${50 + (n % 40)};+7 913 ${digits.slice(1, 4)} ${digits.slice(4)};Гипертоническая болезнь;I10;ГБУЗ «Томская ЦРБ»;Петров П. П.;Кардиология`);
  }
  return lines.join('\r\n');
}

await mkdir(OUT, { recursive: true });
const server = await startServer();
const browser = await launchBrowser();
try {
  const { token } = await apiSession(server.baseUrl, DEMO.manager.phone);
  const post = async (path: string, body: unknown) =>
    (await (await fetch(`${server.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) })).json()) as Record<string, unknown>;
  const preview = await post('/api/admin/imports/previews', { files: [{ name: 'направления.csv', contentBase64: Buffer.from(table(120)).toString('base64') }] });
  await post('/api/admin/imports/commits', { previewId: preview['previewId'], excludedRows: [] });

  const context = await newContext(browser, server.baseUrl, { viewport: SIZES.desktop });
  const page = await context.newPage();
  await signIn(page, DEMO.manager.phone);
  await page.goto('/consultations/stages');
  await page.getByTestId('stage-row').first().waitFor();
  await shot(page, 'stages');

  await page.setViewportSize(SIZES.desktop);
  await page.getByTestId('stages-search').fill('Соколова');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="stage-row"]').length < 25);
  await shot(page, 'stages-search');

  await page.goto('/admin/credentials');
  await page.getByTestId('credentials-row').first().waitFor();
  await shot(page, 'credentials');

  await page.goto('/consultations/stages');
  await page.getByTestId('stage-row').first().waitFor();
  await context.setOffline(true);
  await page.getByTestId('stages-refresh').click();
  await page.getByTestId('stages-offline').waitFor();
  await shot(page, 'stages-offline');
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}
