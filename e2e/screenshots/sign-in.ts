/**
 * Screenshots of the sign-in page as a person without a session meets it (the light start
 * application), not part of `npm test`: Russian, phone 390×844 and desktop 1366×900, into
 * docs/screenshots/sign-in-<phone|desktop>.png (empty form), sign-in-error-<…>.png (a wrong
 * password: the server's message) and sign-in-language-<…>.png (the language menu open).
 *
 *   npm run build && node --import tsx e2e/screenshots/sign-in.ts
 */
import { DEMO } from '../support/app';
import { saveShot, shootAtEverySize } from './shots';

await shootAtEverySize({ locale: 'ru-RU', timezoneId: 'Europe/Moscow' }, async (page, size) => {
  await page.goto('/', { waitUntil: 'load' });
  await page.locator('ob-sign-in-form button[type="submit"]').waitFor();
  await page.locator('.brand img').evaluate((image: HTMLImageElement) => image.decode());
  await page.getByTestId('sign-in-links').waitFor();
  await saveShot(page, `sign-in-${size}`);

  await page.getByRole('button', { name: /Язык/ }).click();
  await page.getByRole('menuitem', { name: 'English' }).waitFor();
  await saveShot(page, `sign-in-language-${size}`);
  await page.keyboard.press('Escape');

  await page.getByLabel('Номер телефона').fill('+7 900 000-00-01');
  await page.getByLabel('Пароль', { exact: true }).fill(`${DEMO.password}-wrong`);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByTestId('sign-in-error').waitFor();
  await page.getByRole('button', { name: 'Войти' }).focus();
  await saveShot(page, `sign-in-error-${size}`);
});
