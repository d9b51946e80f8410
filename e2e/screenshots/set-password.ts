/**
 * Screenshots of «Задайте свой пароль» (a person who signed in with the one-time password from
 * the SMS), not part of `npm test`: Russian, phone 390×844 and desktop 1366×900, into
 * docs/screenshots/set-password-<phone|desktop>.png. The demo patient's sign-in answer is marked
 * `mustChangePassword` in the browser (what a referred patient's first sign-in answers), so the
 * shell's status shows what such a person sees: the sync waits for the new password.
 *
 *   npm run build && node --import tsx e2e/screenshots/set-password.ts
 */
import { DEMO } from '../support/app';
import { saveShot, shootAtEverySize } from './shots';

await shootAtEverySize({ locale: 'ru-RU', timezoneId: 'Europe/Moscow' }, async (page, size) => {
  await page.route('**/api/auth/sign-in', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { user: Record<string, unknown> };
    await route.fulfill({ response, json: { ...body, user: { ...body.user, mustChangePassword: true } } });
  });
  await page.goto('/', { waitUntil: 'load' });
  await page.getByLabel('Номер телефона').fill(DEMO.patient.phone);
  await page.getByLabel('Пароль', { exact: true }).fill(DEMO.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('heading', { name: 'Задайте свой пароль' }).waitFor({ timeout: 60_000 });
  await page.getByTestId('sync-status').filter({ hasText: 'Синхронизация после смены пароля' }).waitFor({ timeout: 60_000 });
  await saveShot(page, `set-password-${size}`);
});
