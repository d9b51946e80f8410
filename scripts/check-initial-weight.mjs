// Fails the build when the JavaScript the sign-in page needs before it works grows past its
// budget, counted as it travels (brotli, as precompressed by scripts/precompress.mjs). Angular's
// own budgets (angular.json) check the raw size only; they cannot see compression.
//
// What is counted: every script index.html loads and every chunk those import statically, and
// the static-import chain of the sign-in form itself (read from the build's metafile,
// dist/pwa/stats.json): if the form ever moves behind a lazy import again, what it needs is
// still counted, since a sign-in page whose form has not arrived does not work. Chunks the page
// loads after the form works (the modules' links, the full app warmed while the person types)
// are not. An in-browser check of the same figure: e2e/sign-in-start.test.ts.
//
// Usage: node scripts/check-initial-weight.mjs [dir]   (part of `npm run build`, after precompress)
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { staticClosure } from './write-start-preload.mjs';

/**
 * Budget of the sign-in page's JavaScript, in bytes: issue #13's goal (300 kB raw / 90 kB
 * transferred). What it is now (248 kB / 73 kB): bench/README.md, bench:lighthouse, session 7.
 * angular.json's «initial» budget (270 kB) sees main and the CSS only, not the sign-in chunks.
 */
export const INITIAL_JS_BUDGET = { raw: 300 * 1024, brotli: 90 * 1024 };

/** The modules the sign-in form cannot work without: the light start application and the form. */
export const SIGN_IN_SOURCES = ['pwa/src/app/start/sign-in-app.ts', 'pwa/src/app/sign-in/sign-in-form.component.ts'];

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

/**
 * The chunks holding SIGN_IN_SOURCES and their static imports, from the build's metafile
 * (`<dir>/../stats.json`). A build without the metafile cannot be checked honestly: it fails.
 */
export async function signInChunks(dir) {
  const statsPath = join(dirname(dir), 'stats.json');
  const text = await readFile(statsPath, 'utf8').catch(() => null);
  if (text === null) throw new Error(`${statsPath} is missing: build with the metafile (angular.json \`statsJson\`, as \`npm run build\` does)`);
  const { outputs } = JSON.parse(text);
  const names = new Set();
  for (const source of SIGN_IN_SOURCES) {
    const holders = Object.entries(outputs).filter(([, output]) => output.inputs[source]);
    if (holders.length === 0) throw new Error(`${source} is in no chunk of the build: SIGN_IN_SOURCES is out of date`);
    for (const [file] of holders) staticClosure(outputs, file, names);
  }
  return [...names].map((file) => file.replace(/^.*\//, ''));
}

async function sizeOf(path) {
  const info = await stat(path).catch(() => null);
  return info ? info.size : null;
}

export async function initialWeight(dir) {
  const totals = { files: 0, raw: 0, brotli: 0, gzip: 0 };
  const names = new Set([...(await initialScripts(dir)), ...(await signInChunks(dir))]);
  for (const name of names) {
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
    console.error(`[initial weight] over budget: ${over.join('; ')}. Keep what the sign-in form does not need out of pwa/src/main.ts's static imports (bench/README.md, bench:lighthouse).`);
    process.exit(1);
  }
}
