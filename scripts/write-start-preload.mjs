// `main` (pwa/src/main.ts) holds Angular's core and the decision which application the page
// starts: the light sign-in application (nobody remembered on this device, the address is the
// sign-in page) or the full app. Each is a chunk of its own that main imports dynamically, so
// left alone the browser would discover it only after main arrived and ran: one request level
// more for every start. This step writes a tiny classic script, loaded `async` by index.html,
// that makes the same decision and adds `<link rel="modulepreload">` for that application's
// chunks: the browser fetches them beside main. A person without a session fetches nothing of
// the full app; a signed-in start fetches nothing of the sign-in form.
//
// The light sign-in application then loads the signed-in app (the full app, the data layer, the
// shell, its icons and error strings) while the person types, through dynamic imports; left to
// the browser that too is a chain, since a chunk's static imports are discovered only once it
// has arrived (three levels, ~0.5 s on a loaded machine: bench/README.md, bench:browser,
// session 8). The script also defines `oblakoPreloadSignedInApp()`, which the sign-in
// application calls when it starts loading them: modulepreload links for all of their chunks at
// once. It adds nothing to what the sign-in form needs before it works (the list is ~1 kB).
//
// The chunk names come from the build's metafile (angular.json: `statsJson`). index.html and
// the script change after `ng build`, so their hashes in the service worker's ngsw.json are
// written again here (the worker refuses a file whose hash does not match).
//
// Usage: node scripts/write-start-preload.mjs [dist]   (default dist/pwa; part of `npm run build`, before precompress)
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const FULL_APP_ENTRY = 'pwa/src/app/start/full-app.ts';
export const SIGN_IN_APP_ENTRY = 'pwa/src/app/start/sign-in-app.ts';
/** The light first paint a signed-in start may draw (main decides; 1 kB, so fetched beside main at every signed-in start). */
export const LIGHT_PAINT_ENTRY = 'pwa/src/app/start/first-paint-light.ts';
export const MAIN_ENTRY = 'pwa/src/main.ts';
/**
 * What the light sign-in application loads for the first signed-in screen (sign-in-app.ts
 * loadSignedInCode, and the full app's own first imports: its error strings). The data layer
 * first: the person's database opens with its code as the sign-in is answered, and the first
 * sync waits for that. Listed after the full app, its chunks queued behind the full app's on
 * HTTP/1.1's six connections: on a quiet machine the replication started 0.86–1.26 s after the
 * click in 3 of 5 rounds, 0.35–0.64 s in every round with it first (bench/README.md,
 * bench:browser, session 8).
 */
export const SIGNED_IN_ENTRIES = [
  'pwa/src/app/core/db/data-layer.service.ts',
  FULL_APP_ENTRY,
  'pwa/src/app/shell/shell-layout.component.ts',
  'pwa/src/app/core/icons/svg-icons.ts',
  'pwa/src/app/core/i18n/error-translations.ts',
];
/** The global function the preload script defines (pwa/src/app/start/signed-in-preload.ts calls it). */
const SIGNED_IN_PRELOAD_FUNCTION = 'oblakoPreloadSignedInApp';
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

/**
 * The chunks of SIGNED_IN_ENTRIES and their static imports that the sign-in application has not
 * loaded already (main's and its own), in the order of the import graph.
 */
export function signedInChunks(outputs) {
  const loaded = new Set([...staticClosure(outputs, chunkOf(outputs, MAIN_ENTRY)), ...staticClosure(outputs, chunkOf(outputs, SIGN_IN_APP_ENTRY))]);
  const all = new Set();
  for (const entry of SIGNED_IN_ENTRIES) staticClosure(outputs, chunkOf(outputs, entry), all);
  return [...all].filter((file) => !loaded.has(file)).map((file) => file.replace(/^.*\//, ''));
}

function preloadScript(signInChunks, fullAppChunks, signedInAppChunks) {
  return (
    '// Written by scripts/write-start-preload.mjs: the chunks of the application main will start, fetched beside it.\n' +
    '(function () {\n' +
    '  function preload(href) {\n' +
    "    var link = document.createElement('link');\n" +
    "    link.rel = 'modulepreload';\n" +
    '    link.href = href;\n' +
    '    document.head.appendChild(link);\n' +
    '  }\n' +
    '  var signIn;\n' +
    '  try {\n' +
    `    signIn = ${JSON.stringify(SIGN_IN_PATHS)}.indexOf(location.pathname) >= 0 && !localStorage.getItem(${JSON.stringify(SESSION_STORAGE_KEY)});\n` +
    '  } catch (error) {\n' +
    '    return;\n' +
    '  }\n' +
    `  (signIn ? ${JSON.stringify(signInChunks)} : ${JSON.stringify(fullAppChunks)}).forEach(preload);\n` +
    '  if (!signIn) return;\n' +
    '  var asked = false;\n' +
    `  window.${SIGNED_IN_PRELOAD_FUNCTION} = function () {\n` +
    '    if (asked) return;\n' +
    '    asked = true;\n' +
    `    ${JSON.stringify(signedInAppChunks)}.forEach(preload);\n` +
    '  };\n' +
    '})();\n'
  );
}

export const sha1 = (content) => createHash('sha1').update(content).digest('hex');

export async function writeStartPreload(dist) {
  const browser = join(dist, 'browser');
  const { outputs } = JSON.parse(await readFile(join(dist, 'stats.json'), 'utf8'));
  const signIn = applicationChunks(outputs, SIGN_IN_APP_ENTRY);
  const fullApp = [...new Set([...applicationChunks(outputs, LIGHT_PAINT_ENTRY), ...applicationChunks(outputs, FULL_APP_ENTRY)])];
  const signedIn = signedInChunks(outputs);
  const script = preloadScript(signIn, fullApp, signedIn);
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
  return { name, signIn, fullApp, signedIn };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { name, signIn, fullApp, signedIn } = await writeStartPreload(process.argv[2] ?? 'dist/pwa');
  console.log(
    `[start preload] ${name}: beside main, ${signIn.length} chunks of the sign-in application (nobody remembered) or ${fullApp.length} of the full app; ` +
      `${signedIn.length} of the signed-in app at once when the sign-in application starts loading it`,
  );
}
