// Writes `<file>.br` and `<file>.gz` next to every text file of the built PWA, once per build,
// at the highest settings (brotli 11, gzip 9): the server then sends them as they are
// (@fastify/static `preCompressed`) instead of compressing each response again, or sending
// 1.4 MB of JavaScript uncompressed. The service worker still checks the hashes in ngsw.json:
// the browser decodes `Content-Encoding` before the worker sees the body.
//
// Usage: node scripts/precompress.mjs [dir]   (default dist/pwa/browser; part of `npm run build`)
import { readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Formats that compress well; images, fonts (woff2) and archives are compressed already. */
const TEXT_FILE = /\.(?:js|mjs|css|html|json|webmanifest|svg|txt|map|ico)$/;
/** Below this, headers outweigh the saving (and the server's own threshold is 1 kB too). */
const MIN_BYTES = 1024;

async function* filesUnder(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

export async function precompress(dir) {
  const totals = { files: 0, raw: 0, br: 0, gz: 0 };
  for await (const path of filesUnder(dir)) {
    // A variant left by an earlier build into the same directory is rebuilt or removed.
    if (/\.(?:br|gz)$/.test(path)) {
      const original = path.slice(0, -3);
      if (!(await stat(original).catch(() => null))) await unlink(path);
      continue;
    }
    if (!TEXT_FILE.test(path)) continue;
    const content = await readFile(path);
    if (content.length < MIN_BYTES) continue;
    const [br, gz] = await Promise.all([
      brotli(content, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
        },
      }),
      gzipAsync(content, { level: 9 }),
    ]);
    // Only variants that are smaller are worth sending; a stale larger one must not linger.
    for (const [extension, compressed] of [['.br', br], ['.gz', gz]]) {
      if (compressed.length < content.length) await writeFile(path + extension, compressed);
      else await unlink(path + extension).catch(() => undefined);
    }
    totals.files += 1;
    totals.raw += content.length;
    totals.br += br.length;
    totals.gz += gz.length;
  }
  return totals;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'dist/pwa/browser';
  const started = performance.now();
  const totals = await precompress(dir);
  const kB = (bytes) => `${(bytes / 1024).toFixed(0)} kB`;
  console.log(
    `[precompress] ${totals.files} files in ${relative(process.cwd(), dir) || '.'}: ${kB(totals.raw)} → brotli ${kB(totals.br)}, gzip ${kB(totals.gz)} ` +
      `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}
