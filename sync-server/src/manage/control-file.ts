import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * How `npm run manage` finds the server that holds the embedded store (LevelDB allows one
 * process): the running server writes its local address and a random token to
 * `<DATA_DIR>/secrets/manage.json` (owner-only, like the demo JWT secret) and removes it on
 * shutdown. Whoever can read that file can already read the database files themselves, so the
 * token gives nothing more; the endpoints also answer only on the loopback interface.
 */
export interface ControlFile {
  url: string;
  token: string;
  pid: number;
}

export const MANAGE_TOKEN_HEADER = 'x-oblako-manage-token';

export function controlFilePath(dataDir: string): string {
  return join(dataDir, 'secrets', 'manage.json');
}

export function newManageToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Synchronous on purpose: called from Fastify's onListen hook, which runs right after listen()
 * resolves; written synchronously, the file is there before whoever awaited listen() goes on.
 */
export function writeControlFile(dataDir: string, control: ControlFile): void {
  mkdirSync(join(dataDir, 'secrets'), { recursive: true, mode: 0o700 });
  writeFileSync(controlFilePath(dataDir), JSON.stringify(control), { mode: 0o600 });
}

export async function readControlFile(dataDir: string): Promise<ControlFile | null> {
  try {
    const parsed = JSON.parse(await readFile(controlFilePath(dataDir), 'utf8')) as Partial<ControlFile>;
    return typeof parsed.url === 'string' && typeof parsed.token === 'string' ? { url: parsed.url, token: parsed.token, pid: Number(parsed.pid) } : null;
  } catch {
    return null;
  }
}

/** Removes the file only if it is still ours (a second server may have replaced it). */
export async function removeControlFile(dataDir: string, token: string): Promise<void> {
  const current = await readControlFile(dataDir);
  if (current?.token === token) await rm(controlFilePath(dataDir), { force: true });
}
