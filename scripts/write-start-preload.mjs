// `main` (pwa/src/main.ts) holds Angular's core and the decision which application the page
// starts: the light sign-in application (nobody remembered on this device, the address is the
// sign-in page) or the full app. Each is a chunk of its own that main imports dynamically, so
// left alone the browser would discover it only after main arrived and ran: one request level
// more for every start. This step writes a tiny classic script, loaded `async` by index.html,
// that makes the same decision and adds `<link rel="modulepreload">` for that application's
// chunks: the browser fetches them beside main. A person without a session fetches nothing of
// the full app; a signed-in start fetches nothing of the sign-in form.
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
const SIGN_IN_APP_ENTRY = 'pwa/src/app/start/sign-in-app.ts';
/** The light first paint a signed-in start may draw (main decides; 1 kB, so fetched beside main at every signed-in start). */
const LIGHT_PAINT_ENTRY = 'pwa/src/app/start/first-paint-light.ts';
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

/** An application's chunks that main does not already load, in the order of its import graph. */
export function applicationChunks(outputs, entry) {
  const main = staticClosure(outputs, chunkOf(outputs, MAIN_ENTRY));
  return [...staticClosure(outputs, chunkOf(outputs, entry))].filter((file) => !main.has(file)).map((file) => file.replace(/^.*\//, ''));
}

function preloadScript(signInChunks, fullAppChunks) {
  return (
    '// Written by scripts/write-start-preload.mjs: the chunks of the application main will start, fetched beside it.\n' +
    '(function () {\n' +
    '  var signIn;\n' +
    '  try {\n' +
    `    signIn = ${JSON.stringify(SIGN_IN_PATHS)}.indexOf(location.pathname) >= 0 && !localStorage.getItem(${JSON.stringify(SESSION_STORAGE_KEY)});\n` +
    '  } catch (error) {\n' +
    '    return;\n' +
    '  }\n' +
    `  (signIn ? ${JSON.stringify(signInChunks)} : ${JSON.stringify(fullAppChunks)}).forEach(function (href) {\n` +
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
  const signIn = applicationChunks(outputs, SIGN_IN_APP_ENTRY);
  const fullApp = [...new Set([...applicationChunks(outputs, LIGHT_PAINT_ENTRY), ...applicationChunks(outputs, FULL_APP_ENTRY)])];
  const script = preloadScript(signIn, fullApp);
  // Named like Angular's hashed files, so the server lets browsers keep it (cache-policy.ts).
  const name = `start-preload-${createHash('sha256').update(script).digest('base64url').replace(/[^A-Za-z0-9]/g, '').slice(0, 8).toUpperCase()}.js`;
  await writeFile(join(browser, name), script);

  const indexPath = join(browser, 'index.html');
  let html = await readFile(indexPath, 'utf8');
  html = html.replace(/<script src="start-preload-[A-Z0-9]{8}\.js"[^>]*><\/script>/, ''); // a rerun on the same output
  if (!html.includes('</head>')) throw new Error('index.html has no </head>');
  // `async` never holds the page's parsing or its first paint (the splash); an async script is
  // fetched at low priority unless told otherwise, and everything the page starts waits for it.
  html = html.replace('</head>', `<script src="${name}" async fetchpriority="high"></script></head>`);
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
  return { name, signIn, fullApp };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { name, signIn, fullApp } = await writeStartPreload(process.argv[2] ?? 'dist/pwa');
  console.log(`[start preload] ${name}: beside main, ${signIn.length} chunks of the sign-in application (nobody remembered) or ${fullApp.length} of the full app`);
}
