import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, link, mkdir, mkdtemp, readdir, rm, stat, writeFile, open } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { create as createTar } from 'tar';
import type { Config } from '../config/index';
import type { Store } from '../plugins/store/index';
import { BACKUP_FORMAT, BACKUP_VERSION, BLOBS_DIR, DB_DIR, MANIFEST_NAME, type BackupEntry, type BackupManifest } from './backup-format';
import { storedDatabases } from './databases';

const PAGE = 500;

export class BackupError extends Error {
  override name = 'BackupError';
}

export interface PreparedBackup {
  manifest: BackupManifest;
  /** The archive (tar.gz), MANIFEST.json last. Read it once. */
  stream(): Readable;
  /** Removes the staging folder; call when the stream has been consumed (or abandoned). */
  dispose(): Promise<void>;
}

/**
 * Takes a snapshot while the server keeps serving, inside the process that holds the store
 * (the running server, asked by the CLI; or the CLI itself when no server runs):
 *
 * 1. every document of every database, read page by page (each document whole, at its current
 *    revision; the store is never locked, so replication and uploads go on meanwhile);
 * 2. then the verified files — after the documents, so every file a document names is there:
 *    stored files are only ever added (atomic rename) or removed, never rewritten. They are
 *    hard-linked into the staging folder (no copy of hundreds of MB; a file deleted meanwhile
 *    keeps its bytes through the link). Uploads still in progress are not part of a backup:
 *    the devices resend them.
 *
 * Not a point-in-time image across databases (PouchDB has no such snapshot): a document written
 * during the backup may or may not be in it, but nothing in it is half-written or dangling.
 */
export async function prepareBackup(store: Store, config: Config): Promise<PreparedBackup> {
  if (config.blobStore !== 'disk') {
    throw new BackupError('Файлы пациентов хранятся в S3: сделайте копию бакета средствами хранилища (версионирование или репликация бакета), см. README, раздел «Резервные копии».');
  }
  const staging = await mkdtemp(join(config.dataDir, '.backup-'));
  try {
    const databases: Record<string, number> = {};
    const entries: BackupEntry[] = [];
    await mkdir(join(staging, DB_DIR));
    for (const name of await storedDatabases(config)) {
      const path = `${DB_DIR}/${name}.ndjson`;
      databases[name] = await dumpDatabase(store.db(name), join(staging, DB_DIR, `${name}.ndjson`));
      entries.push(await entryOf(staging, path));
    }
    const blobs = { files: 0, bytes: 0 };
    for (const file of await filesUnder(join(config.blobDir, 'files'))) {
      const path = `${BLOBS_DIR}/${relative(join(config.blobDir, 'files'), file).split(sep).join('/')}`;
      const target = join(staging, ...path.split('/'));
      await mkdir(dirname(target), { recursive: true });
      if (!(await linkOrCopy(file, target))) continue; // deleted before we got to it
      const entry = await entryOf(staging, path);
      entries.push(entry);
      blobs.files += 1;
      blobs.bytes += entry.bytes;
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: new Date().toISOString(),
      source: config.couchUrl ? 'couchdb' : 'embedded', databases, blobs, entries,
    };
    await writeFile(join(staging, MANIFEST_NAME), JSON.stringify(manifest, null, 1));
    return {
      manifest,
      stream: () => createTar({ gzip: true, cwd: staging, portable: true }, [...entries.map((entry) => entry.path), MANIFEST_NAME]) as unknown as Readable,
      dispose: () => rm(staging, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Every live document (design docs too), one JSON per line; attachments inline (base64). Returns the count. */
async function dumpDatabase(db: PouchDB.Database, file: string): Promise<number> {
  const handle = await open(file, 'w');
  let count = 0;
  try {
    let startkey: string | undefined;
    for (;;) {
      const page = await db.allDocs({ include_docs: true, attachments: true, limit: PAGE, ...(startkey ? { startkey } : {}) });
      // The page starts at the last id already written — unless that document was deleted
      // meanwhile, so it is dropped by id, not by position.
      const rows = page.rows.filter((row) => row.id !== startkey);
      const lines = rows.flatMap((row) => (row.doc ? [JSON.stringify(row.doc)] : []));
      if (lines.length > 0) await handle.write(`${lines.join('\n')}\n`);
      count += lines.length;
      if (page.rows.length < PAGE || rows.length === 0) break;
      startkey = rows[rows.length - 1]!.id;
    }
  } finally {
    await handle.close();
  }
  return count;
}

async function filesUnder(directory: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)).sort();
}

async function linkOrCopy(source: string, target: string): Promise<boolean> {
  try {
    await link(source, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    if (code !== 'EXDEV' && code !== 'EPERM') throw error;
  }
  try {
    await copyFile(source, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

export async function entryOf(root: string, path: string): Promise<BackupEntry> {
  const file = join(root, ...path.split('/'));
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Uint8Array);
  return { path, bytes: (await stat(file)).size, sha256: hash.digest('hex') };
}
