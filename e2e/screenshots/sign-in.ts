/**
 * Screenshots of the sign-in page as a person without a session meets it (the light start
 * application), not part of `npm test`: Russian, phone 390×844 and desktop 1366×900, into
 * docs/screenshots/sign-in-<phone|desktop>.png (empty form), sign-in-error-<…>.png (a wrong
 * password: the server's message) and sign-in-language-<…>.png (the language menu open).
 *
 *   npm run build && node --import tsx e2e/screenshots/sign-in.ts
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO } from '../support/app';
import { launchBrowser } from '../support/browser';
import { ROOT, startServer } from '../support/server';

const OUT = join(ROOT, 'docs/screenshots');
const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1366, height: 900 } } as const;

async function save(page: Page, name: string): Promise<void> {
  const path = join(OUT, `${name}.png`);
  await page.screenshot({ path });
  console.log(path);
}

const server = await startServer();
const browser = await launchBrowser();
try {
  for (const [size, viewport] of Object.entries(SIZES)) {
    const context = await browser.newContext({ viewport, locale: 'ru-RU', timezoneId: 'Europe/Moscow', baseURL: server.baseUrl });
    const page = await context.newPage();
    await page.goto('/', { waitUntil: 'load' });
    await page.locator('ob-sign-in-form button[type="submit"]').waitFor();
    await page.locator('.brand img').evaluate((image: HTMLImageElement) => image.decode());
    await page.getByTestId('sign-in-links').waitFor();
    await save(page, `sign-in-${size}`);

    await page.getByRole('button', { name: /Язык/ }).click();
    await page.getByRole('menuitem', { name: 'English' }).waitFor();
    await save(page, `sign-in-language-${size}`);
    await page.keyboard.press('Escape');

    await page.getByLabel('Номер телефона').fill('+7 900 000-00-01');
    await page.getByLabel('Пароль', { exact: true }).fill(`${DEMO.password}-wrong`);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByTestId('sign-in-error').waitFor();
    await page.getByRole('button', { name: 'Войти' }).focus();
    await save(page, `sign-in-error-${size}`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
