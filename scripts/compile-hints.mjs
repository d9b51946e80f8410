// Marks the chunks the app runs as it starts for eager compilation (V8's explicit compile
// hints, Chromium 136+: a first line `//# allFunctionsCalledOnLoad`). Left alone, V8 compiles a
// function the first time it is called, on the main thread: at a first sign-in on a new device
// (no code cache yet) that was 150–240 ms of the main thread's ~1.3 s busy wall time in a trace,
// right when the full app boots, the database opens and the first sync writes. Marked, a chunk's
// functions are compiled as the chunk is streamed in, on a background thread: while the person
// types for the signed-in app (the sign-in application preloads it), beside main for a reload.
// Browsers without the feature read a comment. Only the start's chunks: a route's chunk holds
// code for interactions that may never come, compiled on demand as before (bench/README.md,
// bench:browser, session 11).
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

/** Every chunk main, either start application, the light first paint and the signed-in app load statically. */
export function startChunks(outputs) {
  const files = new Set();
  for (const entry of [MAIN_ENTRY, SIGN_IN_APP_ENTRY, LIGHT_PAINT_ENTRY, FULL_APP_ENTRY, ...SIGNED_IN_ENTRIES]) staticClosure(outputs, chunkOf(outputs, entry), files);
  return [...files].map((file) => file.replace(/^.*\//, ''));
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
