import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { ROOT, startServer, type RunningServer } from '../support/server';

/** Where the screenshot scripts write (docs/screenshots/<name>.png). */
export const OUT = join(ROOT, 'docs/screenshots');
/** The two sizes every screen is shot at: a phone and a desktop. */
export const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1366, height: 900 } } as const;
export type ShotSize = keyof typeof SIZES;

/** Saves what the page shows as docs/screenshots/<name>.png and prints the path. */
export async function saveShot(page: Page, name: string): Promise<void> {
  const path = join(OUT, `${name}.png`);
  await page.screenshot({ path });
  console.log(path);
}

/**
 * A fresh demo server and Chromium for a screenshot script, then for each size a new context
 * (`options`, the size's viewport, the server's address) with one page for `shoot`; the context
 * is closed after each size, the browser and the server at the end, also when a shot fails.
 */
export async function shootAtEverySize(options: BrowserContextOptions, shoot: (page: Page, size: ShotSize) => Promise<void>): Promise<void> {
  const server: RunningServer = await startServer();
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    for (const [size, viewport] of Object.entries(SIZES) as [ShotSize, (typeof SIZES)[ShotSize]][]) {
      const context = await browser.newContext({ ...options, viewport, baseURL: server.baseUrl });
      try {
        await shoot(await context.newPage(), size);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser?.close();
    await server.stop();
  }
}
