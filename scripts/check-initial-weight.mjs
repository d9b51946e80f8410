// Fails the build when the JavaScript the sign-in page loads before it works grows past its
// budget, counted as it travels (brotli, as precompressed by scripts/precompress.mjs). Angular's
// own budgets (angular.json) check the raw size only; they cannot see compression.
//
// "Initial" = what index.html loads before the app starts: the entry script and every chunk it
// imports statically, as `ng build` counts it. Lazy routes are not counted.
//
// Usage: node scripts/check-initial-weight.mjs [dir]   (part of `npm run build`, after precompress)
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Budget of the initial JavaScript, in bytes: what it is now (343 kB raw / 99 kB brotli) and a
 * few kB to spare, so growth fails the build. Issue #13's goal is 300 kB raw / 90 kB
 * transferred; not reached: see bench/README.md for what is left in the start bundle and why.
 */
export const INITIAL_JS_BUDGET = { raw: 352 * 1024, brotli: 102 * 1024 };

export async function initialScripts(dir) {
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  const pending = [...html.matchAll(/<script[^>]*\bsrc="([^"]+\.js)"/g)].map((match) => match[1]);
  // Angular lists at most 10 chunks as modulepreload: follow the static imports instead
  // (`from"./chunk-….js"`, `import"./chunk-….js"`; a dynamic `import("./…")` is lazy).
  const names = new Set();
  while (pending.length > 0) {
    const name = pending.pop();
    if (names.has(name)) continue;
    names.add(name);
    const code = await readFile(join(dir, name), 'utf8');
    for (const match of code.matchAll(/(?:\bfrom|\bimport)\s*"\.\/([^"]+\.js)"/g)) pending.push(match[1]);
  }
  return [...names];
}

async function sizeOf(path) {
  const info = await stat(path).catch(() => null);
  return info ? info.size : null;
}

export async function initialWeight(dir) {
  const totals = { files: 0, raw: 0, brotli: 0, gzip: 0 };
  for (const name of await initialScripts(dir)) {
    const path = join(dir, name);
    const raw = await sizeOf(path);
    if (raw === null) throw new Error(`index.html loads ${name}, which is not in ${dir}`);
    // A file too small to be worth compressing travels as it is.
    totals.files += 1;
    totals.raw += raw;
    totals.brotli += (await sizeOf(`${path}.br`)) ?? raw;
    totals.gzip += (await sizeOf(`${path}.gz`)) ?? raw;
  }
  return totals;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'dist/pwa/browser';
  const weight = await initialWeight(dir);
  const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
  console.log(
    `[initial weight] ${weight.files} scripts: ${kB(weight.raw)} raw, ${kB(weight.brotli)} brotli, ${kB(weight.gzip)} gzip ` +
      `(budget ${kB(INITIAL_JS_BUDGET.raw)} raw, ${kB(INITIAL_JS_BUDGET.brotli)} brotli)`,
  );
  const over = [];
  if (weight.raw > INITIAL_JS_BUDGET.raw) over.push(`raw ${kB(weight.raw)} > ${kB(INITIAL_JS_BUDGET.raw)}`);
  if (weight.brotli > INITIAL_JS_BUDGET.brotli) over.push(`brotli ${kB(weight.brotli)} > ${kB(INITIAL_JS_BUDGET.brotli)}`);
  if (over.length > 0) {
    console.error(`[initial weight] over budget: ${over.join('; ')}. Make what the sign-in page does not need lazy.`);
    process.exit(1);
  }
}
