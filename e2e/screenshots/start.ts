/**
 * Screenshots of the start splash (index.html's own markup, drawn before any script runs), not
 * part of `npm test`: Russian, phone 390×844 and desktop 1366×900, into
 * docs/screenshots/start-splash-<phone|desktop>.png. Scripts are off, so the picture is what a
 * person sees while the app's JavaScript is still on its way.
 *
 *   npm run build && node --import tsx e2e/screenshots/start.ts
 */
import { saveShot, shootAtEverySize } from './shots';

await shootAtEverySize({ locale: 'ru-RU', javaScriptEnabled: false }, async (page, size) => {
  await page.goto('/sign-in', { waitUntil: 'load' });
  await page.locator('.boot img').evaluate((image: HTMLImageElement) => image.decode());
  await saveShot(page, `start-splash-${size}`);
});
