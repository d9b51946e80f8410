import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { negotiate } from '@fastify/accept-negotiator';
import { cacheControlFor, IMMUTABLE } from './cache-policy';

/**
 * A script or style sheet at the root of the PWA directory: one path segment of safe
 * characters, so a name can never leave the directory or name a dot file.
 */
const ROOT_CODE_FILE = /^\/([A-Za-z0-9][A-Za-z0-9_.-]*\.(?:js|mjs|css))$/;
const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', mjs: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };
/** Past this much held, files are read from disk each time again (a server left running across many rebuilds). */
const MAX_HELD_BYTES = 64 * 1024 * 1024;

export interface HashedFile {
  type: string;
  etag: string;
  identity: Buffer;
  br?: Buffer;
  gzip?: Buffer;
}

/**
 * The file's name when `path` (without its query) is a hashed file of the build (`main-HBGS4U4S.js`,
 * `chunk-….js`, `styles-….css`): one the cache policy calls immutable, so held in memory it never
 * goes stale. Undefined otherwise.
 */
export function hashedFileName(path: string): string | undefined {
  const name = ROOT_CODE_FILE.exec(path)?.[1];
  return name && cacheControlFor(name) === IMMUTABLE ? name : undefined;
}

/**
 * The build's hashed files as they are on disk (with their `.br` / `.gz` copies written by
 * scripts/precompress.mjs), read once and then answered from memory. Their content never
 * changes under the same name, so nothing held goes stale. Why: a signed-in start asks for ~35
 * of them at once, beside the sign-in and the first sync, and @fastify/static reads each
 * directory on the way (it checks the path's spelling) and opens and streams each file: 40 files
 * cost the server ~1 ms each of CPU that the first sync shares (bench/README.md, session 11).
 */
export function hashedFiles(root: string): { get(name: string): Promise<HashedFile | null> } {
  const held = new Map<string, Promise<HashedFile | null>>();
  let heldBytes = 0;
  return {
    get(name) {
      const found = held.get(name);
      if (found) return found;
      const reading = readHashedFile(root, name);
      if (heldBytes < MAX_HELD_BYTES) {
        held.set(name, reading);
        // A file that is not there (yet: a build still being written) is looked for again next time.
        reading.then(
          (file) => (file ? (heldBytes += file.identity.length + (file.br?.length ?? 0) + (file.gzip?.length ?? 0)) : held.delete(name)),
          () => held.delete(name),
        );
      }
      return reading;
    },
  };
}

async function readHashedFile(root: string, name: string): Promise<HashedFile | null> {
  const identity = await readOptional(join(root, name));
  if (!identity) return null;
  const [br, gzip] = await Promise.all([readOptional(join(root, `${name}.br`)), readOptional(join(root, `${name}.gz`))]);
  const extension = name.slice(name.lastIndexOf('.') + 1);
  return {
    type: TYPES[extension] ?? 'application/octet-stream',
    etag: `"${createHash('sha1').update(new Uint8Array(identity)).digest('base64url')}"`,
    identity,
    ...(br ? { br } : {}),
    ...(gzip ? { gzip } : {}),
  };
}

async function readOptional(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * The encoding to send `file` in for a request's `Accept-Encoding`, of the copies it has: brotli
 * first, then gzip, then none (the negotiator @fastify/static uses for the same choice).
 */
export function chosenEncoding(acceptEncoding: string | undefined, file: HashedFile): 'br' | 'gzip' | null {
  const copies = (['br', 'gzip'] as const).filter((encoding) => file[encoding]);
  return acceptEncoding ? (negotiate(acceptEncoding.toLowerCase(), copies) as 'br' | 'gzip' | null) : null;
}
