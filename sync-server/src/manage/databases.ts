import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config/index';
import { DB_NAME_PATTERN } from '../plugins/store/index';

/**
 * The logical names of every database the store holds (not only those this process opened):
 * the embedded store's LevelDB folders under `<DATA_DIR>/db/` (view indexes left out), or
 * CouchDB's `_all_dbs` with the configured prefix.
 */
export async function storedDatabases(config: Pick<Config, 'dataDir' | 'couchUrl' | 'dbPrefix'>): Promise<string[]> {
  const physical = config.couchUrl ? await couchDatabases(config.couchUrl) : await embeddedDatabases(config.dataDir);
  return physical
    .filter((name) => name.startsWith(config.dbPrefix))
    .map((name) => name.slice(config.dbPrefix.length))
    .filter((name) => DB_NAME_PATTERN.test(name))
    .sort();
}

async function embeddedDatabases(dataDir: string): Promise<string[]> {
  try {
    const entries = await readdir(join(dataDir, 'db'), { withFileTypes: true });
    // PouchDB keeps a view's index in `<db>-mrview-<hash>`: rebuilt from the documents, never backed up.
    return entries.filter((entry) => entry.isDirectory() && !entry.name.includes('-mrview-')).map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function couchDatabases(couchUrl: string): Promise<string[]> {
  const url = new URL(couchUrl);
  const headers: Record<string, string> = {};
  if (url.username) headers['authorization'] = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  url.username = '';
  url.password = '';
  const response = await fetch(`${url.href.replace(/\/+$/, '')}/_all_dbs`, { headers });
  if (!response.ok) throw new Error(`CouchDB _all_dbs answered ${response.status}`);
  return (await response.json()) as string[];
}
