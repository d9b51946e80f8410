// Renders the app icons (pwa/public/icons/*.png) from one SVG with headless Chromium.
// Run: node pwa/scripts/render-icons.mjs   (needs /usr/bin/chromium; no network)
import { chromium } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';

const OUT = resolve(import.meta.dirname, '../public/icons');
const TEAL = '#1d6a8a';

/** A white cloud with a teal medical cross; `inset` shrinks it into the maskable safe zone. */
function iconSvg({ size, rounded, inset }) {
  const radius = rounded ? size * 0.22 : 0;
  const s = (size * (1 - 2 * inset)) / 512;
  const o = size * inset;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
  <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#2a86ab"/><stop offset="1" stop-color="${TEAL}"/></linearGradient></defs>
  <rect width="${size}" height="${size}" rx="${radius}" fill="url(#g)"/>
  <g transform="translate(${o} ${o}) scale(${s})">
    <path fill="#ffffff" d="M150 370h222c52 0 92-38 92-86 0-46-36-83-82-86-12-62-64-106-126-106-50 0-92 28-113 70-56 4-99 50-99 105 0 57 47 103 106 103z"/>
    <rect x="231" y="196" width="50" height="142" rx="10" fill="${TEAL}"/>
    <rect x="185" y="242" width="142" height="50" rx="10" fill="${TEAL}"/>
  </g>
</svg>`;
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
await mkdir(OUT, { recursive: true });
const page = await browser.newPage();
const icons = [
  { file: 'icon-192.png', size: 192, rounded: true, inset: 0.06 },
  { file: 'icon-512.png', size: 512, rounded: true, inset: 0.06 },
  { file: 'icon-maskable-192.png', size: 192, rounded: false, inset: 0.16 },
  { file: 'icon-maskable-512.png', size: 512, rounded: false, inset: 0.16 },
  { file: 'apple-touch-icon.png', size: 180, rounded: false, inset: 0.1 },
  { file: 'favicon-32.png', size: 32, rounded: true, inset: 0.02 },
];
for (const icon of icons) {
  await page.setViewportSize({ width: icon.size, height: icon.size });
  await page.setContent(`<html><body style="margin:0;background:transparent">${iconSvg(icon)}</body></html>`);
  await page.screenshot({ path: `${OUT}/${icon.file}`, omitBackground: true, clip: { x: 0, y: 0, width: icon.size, height: icon.size } });
  console.log(`${icon.file} ${icon.size}×${icon.size}`);
}
await browser.close();
