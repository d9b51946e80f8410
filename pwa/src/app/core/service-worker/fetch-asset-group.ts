import { whenNoFirstSync } from '../replication/first-sync-activity';

interface NgswManifest {
  assetGroups?: { name: string; urls: string[] }[];
  hashTable?: Record<string, string>;
}

/** Where a device remembers the build whose files of a group it has fetched whole through the worker. */
export const PREFETCHED_KEY_PREFIX = 'oblako:prefetched:';

/**
 * Fetches one asset group of the worker's manifest through the worker, so that it is cached
 * (lazy-assets-prefetch.ts says when). Its own chunk: it runs only when the page is idle, and
 * the start bundle is at its budget.
 */
export async function fetchAssetGroup(name: string, cancelled: () => boolean): Promise<void> {
  try {
    const manifest = (await (await fetch('/ngsw.json?ngsw-bypass=true', { cache: 'no-store' })).json()) as NgswManifest;
    const urls = manifest.assetGroups?.find((group) => group.name === name)?.urls ?? [];
    // A build already fetched whole is not looked at file by file again (127 Cache Storage
    // look-ups cost ~65 ms of the main thread during a reload's first screen, bench:page's
    // profile), as long as the worker's cache still holds its first and last file.
    const build = buildKey(urls, manifest.hashTable ?? {});
    if (readPrefetched(name) === build && (await alreadyCached(urls[0])) && (await alreadyCached(urls[urls.length - 1]))) return;
    // One at a time, lowest priority: whatever the person does next comes first. A file the
    // worker's cache already holds is not asked for: every start after the first found all ~130
    // cached and still sent each through the worker, on a reload's critical second (bench:page).
    for (const url of urls) {
      // Not while a first sync stores the person's records (first-sync-activity.ts): a page
      // waiting on IndexedDB is idle, and these downloads took the same cores and disk.
      await whenNoFirstSync();
      if (cancelled()) return;
      if (await alreadyCached(url)) continue;
      const response = await fetch(url, { priority: 'low' } as RequestInit);
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      await response.arrayBuffer();
    }
    writePrefetched(name, build);
  } catch (error) {
    // Offline or a build replaced meanwhile: these files load on first use instead.
    console.warn(`the ${name} files were not prefetched`, error);
  }
}

/** Cache Storage is shared by the page and its worker: a look-up, no trip through the worker. */
async function alreadyCached(url: string | undefined): Promise<boolean> {
  if (url === undefined) return true;
  if (typeof caches === 'undefined') return false;
  return (await caches.match(url).catch(() => undefined)) !== undefined;
}

/** FNV-1a over the group's files and their content hashes: short, and changes with any file. */
export function buildKey(urls: readonly string[], hashTable: Readonly<Record<string, string>>): string {
  let hash = 0x811c9dc5;
  for (const url of urls) {
    const text = `${url}=${hashTable[url] ?? ''};`;
    for (let index = 0; index < text.length; index++) {
      hash ^= text.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  }
  return `${urls.length}:${hash.toString(16)}`;
}

function readPrefetched(group: string): string | null {
  try {
    return localStorage.getItem(PREFETCHED_KEY_PREFIX + group);
  } catch {
    return null; // storage blocked: look at each file, as before
  }
}

function writePrefetched(group: string, build: string): void {
  try {
    localStorage.setItem(PREFETCHED_KEY_PREFIX + group, build);
  } catch {
    // storage full or blocked: the next start looks at each file again
  }
}
