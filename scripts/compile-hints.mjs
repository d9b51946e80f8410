// Marks the code the signed-in app starts with for eager compilation (V8's explicit compile
// hints, Chromium 136+: a first line `//# allFunctionsCalledOnLoad`). Left alone, V8 compiles a
// function the first time it is called, on the main thread: at a first sign-in on a new device
// (no code cache yet) that was 150–240 ms of the main thread's ~1.3 s busy wall time in a trace,
// right when the full app boots, the database opens and the first sync writes. Marked, a chunk's
// functions are compiled as the chunk streams in, on a background thread: while the person types
// (the sign-in application preloads the signed-in app), or while main draws the light first paint.
//
// Which chunks: the full app's and the signed-in app's static closure, less what main, the light
// first paint and the sign-in application load (main's closure holds Angular's core, 213 kB).
// Those run first, before anything is drawn: compiled whole before they run, they put Lighthouse's
// first paint of «Консультации» at 1.64 s instead of 1.02 s. A route's chunk holds code for
// interactions that may never come, compiled on demand as before. The price: more compiled code in
// the heap (~1 MB with every start chunk marked, a 5,000-record doctor's page: 25.9 MB against 24.8 MB).
// Measured in bench/README.md (bench:browser, sessions 11 and 12).
//
// The content changes after `ng build` and the names stay (a comment changes nothing a name's
// hash stands for), so the service worker's hashes in ngsw.json are written again here.
//
// Usage: node scripts/compile-hints.mjs [dist]   (default dist/pwa; part of `npm run build`, after write-start-preload, before precompress)
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  FULL_APP_ENTRY, LIGHT_PAINT_ENTRY, MAIN_ENTRY, SIGNED_IN_ENTRIES, SIGN_IN_APP_ENTRY, chunkOf, sha1, staticClosure,
} from './write-start-preload.mjs';

export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

/** The chunks the full app and the signed-in app load statically, less those of main, the light first paint and the sign-in application. */
export function startChunks(outputs) {
  const first = new Set();
  for (const entry of [MAIN_ENTRY, LIGHT_PAINT_ENTRY, SIGN_IN_APP_ENTRY]) staticClosure(outputs, chunkOf(outputs, entry), first);
  const signedIn = new Set();
  for (const entry of [FULL_APP_ENTRY, ...SIGNED_IN_ENTRIES]) staticClosure(outputs, chunkOf(outputs, entry), signedIn);
  return [...signedIn].filter((file) => !first.has(file)).map((file) => file.replace(/^.*\//, ''));
}

export async function writeCompileHints(dist) {
  const browser = join(dist, 'browser');
  const { outputs } = JSON.parse(await readFile(join(dist, 'stats.json'), 'utf8'));
  const ngswPath = join(browser, 'ngsw.json');
  const ngsw = JSON.parse(await readFile(ngswPath, 'utf8'));
  const chunks = startChunks(outputs);
  let marked = 0;
  for (const name of chunks) {
    const path = join(browser, name);
    const content = await readFile(path, 'utf8');
    if (content.startsWith(COMPILE_HINT)) continue; // a rerun on the same output
    const hinted = COMPILE_HINT + content;
    await writeFile(path, hinted);
    if (!(`/${name}` in ngsw.hashTable)) throw new Error(`ngsw.json has no hash of /${name}`);
    ngsw.hashTable[`/${name}`] = sha1(hinted);
    marked++;
  }
  await writeFile(ngswPath, JSON.stringify(ngsw, null, 2));
  return { chunks: chunks.length, marked };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { chunks, marked } = await writeCompileHints(process.argv[2] ?? 'dist/pwa');
  console.log(`[compile hints] ${chunks} chunks the app starts with marked for eager compilation (${marked} now)`);
}
