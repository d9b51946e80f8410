// A signed-in start must not wait one request level more for the full app than it did before
// the light sign-in entry (pwa/src/main.ts): `main` imports the full app dynamically, so its
// chunks would be discovered only after main arrived and ran. This step writes a tiny classic
// script, loaded `async` by index.html, that adds `<link rel="modulepreload">` for the full
// app's chunks when the page will start it (a session remembered on this device, or an address
// other than the sign-in page): the browser then fetches them beside main. A person without a
// session fetches nothing more than the sign-in page needs.
//
// The chunk names come from the build's metafile (angular.json: `statsJson`). index.html and
// the script change after `ng build`, so their hashes in the service worker's ngsw.json are
// written again here (the worker refuses a file whose hash does not match).
//
// Usage: node scripts/write-start-preload.mjs [dist]   (default dist/pwa; part of `npm run build`, before precompress)
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const FULL_APP_ENTRY = 'pwa/src/app/start/full-app.ts';
const MAIN_ENTRY = 'pwa/src/main.ts';
/** The same decision as pwa/src/app/start/start-decision.ts (SESSION_STORAGE_KEY: core/auth/session-store.ts). */
const SESSION_STORAGE_KEY = 'oblako.session';
const SIGN_IN_PATHS = ['/', '/sign-in'];

/** The chunk file and its static imports, transitively (the metafile's output graph). */
export function staticClosure(outputs, file, into = new Set()) {
  if (into.has(file)) return into;
  into.add(file);
  for (const imported of outputs[file]?.imports ?? []) if (imported.kind === 'import-statement') staticClosure(outputs, imported.path, into);
  return into;
}

export function chunkOf(outputs, entryPoint) {
  const found = Object.entries(outputs).find(([, output]) => output.entryPoint === entryPoint);
  if (!found) throw new Error(`no chunk for ${entryPoint} in the build's stats.json`);
  return found[0];
}

/** The full app's chunks that main does not already load, in the order of its import graph. */
export function fullAppChunks(outputs) {
  const main = staticClosure(outputs, chunkOf(outputs, MAIN_ENTRY));
  return [...staticClosure(outputs, chunkOf(outputs, FULL_APP_ENTRY))].filter((file) => !main.has(file));
}

function preloadScript(chunks) {
  return (
    '// Written by scripts/write-start-preload.mjs: the full app\'s chunks, fetched beside main when it starts the full app.\n' +
    '(function () {\n' +
    '  try {\n' +
    `    if (${JSON.stringify(SIGN_IN_PATHS)}.indexOf(location.pathname) >= 0 && !localStorage.getItem(${JSON.stringify(SESSION_STORAGE_KEY)})) return;\n` +
    '  } catch (error) {\n' +
    '    return;\n' +
    '  }\n' +
    `  ${JSON.stringify(chunks)}.forEach(function (href) {\n` +
    "    var link = document.createElement('link');\n" +
    "    link.rel = 'modulepreload';\n" +
    '    link.href = href;\n' +
    '    document.head.appendChild(link);\n' +
    '  });\n' +
    '})();\n'
  );
}

const sha1 = (content) => createHash('sha1').update(content).digest('hex');

export async function writeStartPreload(dist) {
  const browser = join(dist, 'browser');
  const { outputs } = JSON.parse(await readFile(join(dist, 'stats.json'), 'utf8'));
  const chunks = fullAppChunks(outputs).map((file) => file.replace(/^.*\//, ''));
  const script = preloadScript(chunks);
  // Named like Angular's hashed files, so the server lets browsers keep it (cache-policy.ts).
  const name = `start-preload-${createHash('sha256').update(script).digest('base64url').replace(/[^A-Za-z0-9]/g, '').slice(0, 8).toUpperCase()}.js`;
  await writeFile(join(browser, name), script);

  const indexPath = join(browser, 'index.html');
  let html = await readFile(indexPath, 'utf8');
  html = html.replace(/<script src="start-preload-[A-Z0-9]{8}\.js" async><\/script>/, ''); // a rerun on the same output
  if (!html.includes('</head>')) throw new Error('index.html has no </head>');
  html = html.replace('</head>', `<script src="${name}" async></script></head>`);
  await writeFile(indexPath, html);

  const ngswPath = join(browser, 'ngsw.json');
  const ngsw = JSON.parse(await readFile(ngswPath, 'utf8'));
  const shell = ngsw.assetGroups.find((group) => group.urls.includes('/index.html'));
  if (!shell) throw new Error('ngsw.json has no asset group with /index.html');
  for (const group of ngsw.assetGroups) group.urls = group.urls.filter((url) => !/^\/start-preload-/.test(url));
  shell.urls.push(`/${name}`);
  for (const url of Object.keys(ngsw.hashTable)) if (/^\/start-preload-/.test(url)) delete ngsw.hashTable[url];
  ngsw.hashTable['/index.html'] = sha1(html);
  ngsw.hashTable[`/${name}`] = sha1(script);
  await writeFile(ngswPath, JSON.stringify(ngsw, null, 2));
  return { name, chunks };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { name, chunks } = await writeStartPreload(process.argv[2] ?? 'dist/pwa');
  console.log(`[start preload] ${name}: ${chunks.length} chunks of the full app preloaded beside main on a signed-in start`);
}
