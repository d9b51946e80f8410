import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, copyFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { extract } from 'tar';
import type { Config } from '../config/index';
import { createStore, DB_NAME_PATTERN } from '../plugins/store/index';
import { BACKUP_FORMAT, BACKUP_VERSION, BLOBS_DIR, DB_DIR, MANIFEST_NAME, type BackupManifest } from './backup-format';
import { BackupError, entryOf } from './backup-writer';
import { storedDatabases } from './databases';

const BATCH = 500;

export interface RestoreSummary {
  manifest: BackupManifest;
  documents: number;
  files: number;
}

/**
 * Restores a backup into an EMPTY store and blob folder (refused otherwise: a restore never
 * mixes with live data). The archive is unpacked and checked completely — manifest present,
 * same format version, every entry's size and sha-256 — in a folder beside the data directory
 * before anything is written, so a truncated or foreign file leaves the data directory untouched.
 * Documents keep their revisions (`new_edits: false`), so devices that synced before the backup
 * see the same documents at the same revisions.
 */
export async function restoreBackup(config: Config, archive: string): Promise<RestoreSummary> {
  await assertEmpty(config);
  const archivePath = resolve(archive);
  try {
    if (!(await stat(archivePath)).isFile()) throw new BackupError(`${archivePath} — не файл.`);
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`Файл резервной копии не найден: ${archivePath}`);
  }
  const parent = dirname(config.dataDir);
  await mkdir(parent, { recursive: true });
  const unpacked = await mkdtemp(join(parent, '.oblako-restore-'));
  try {
    try {
      await extract({ file: archivePath, cwd: unpacked, strict: true, preservePaths: false });
    } catch (error) {
      throw new BackupError(`Файл резервной копии повреждён или обрезан (${(error as Error).message}). Данные не изменены.`);
    }
    const manifest = await checkedManifest(unpacked);
    let documents = 0;
    const store = createStore(config);
    try {
      for (const name of Object.keys(manifest.databases)) {
        documents += await loadDatabase(store.db(name), join(unpacked, DB_DIR, `${name}.ndjson`));
      }
    } finally {
      await store.close();
    }
    let files = 0;
    for (const entry of manifest.entries.filter((item) => item.path.startsWith(`${BLOBS_DIR}/`))) {
      const target = join(config.blobDir, 'files', ...entry.path.slice(BLOBS_DIR.length + 1).split('/'));
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      const source = join(unpacked, ...entry.path.split('/'));
      await rename(source, target).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EXDEV') throw error;
        await copyFile(source, target);
      });
      files += 1;
    }
    return { manifest, documents, files };
  } finally {
    // A failed extraction may still be closing files it opened: rm retries until they are gone.
    await rm(unpacked, { recursive: true, force: true, maxRetries: 10 });
  }
}

/** No database in the store, no file in the blob folder (other things, e.g. `secrets/`, may be there). */
async function assertEmpty(config: Config): Promise<void> {
  const databases = await storedDatabases(config);
  if (databases.length > 0) {
    throw new BackupError(`Хранилище не пустое (${config.couchUrl ? 'CouchDB' : config.dataDir}: базы ${databases.join(', ')}). Восстановление выполняется только в пустой каталог данных: укажите новый DATA_DIR. Данные не изменены.`);
  }
  for (const sub of ['files', 'uploads']) {
    const entries = await readdir(join(config.blobDir, sub)).catch(() => [] as string[]);
    if (entries.length > 0) throw new BackupError(`Каталог файлов не пустой (${join(config.blobDir, sub)}). Восстановление выполняется только в пустой каталог данных. Данные не изменены.`);
  }
}

async function checkedManifest(unpacked: string): Promise<BackupManifest> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(join(unpacked, MANIFEST_NAME), 'utf8')) as BackupManifest;
  } catch {
    throw new BackupError('В файле нет описания резервной копии (MANIFEST.json): это не резервная копия Облака или она обрезана. Данные не изменены.');
  }
  if (manifest.format !== BACKUP_FORMAT) throw new BackupError('Это не резервная копия Облака. Данные не изменены.');
  if (manifest.version !== BACKUP_VERSION) {
    throw new BackupError(`Резервная копия другой версии формата (${String(manifest.version)}; эта программа читает версию ${BACKUP_VERSION}). Данные не изменены.`);
  }
  for (const name of Object.keys(manifest.databases ?? {})) {
    if (!DB_NAME_PATTERN.test(name)) throw new BackupError(`Недопустимое имя базы в резервной копии: ${name}. Данные не изменены.`);
  }
  for (const expected of manifest.entries ?? []) {
    if (!/^(db|blobs)\/[A-Za-z0-9_./-]+$/.test(expected.path) || expected.path.includes('..')) throw new BackupError(`Недопустимый путь в резервной копии: ${expected.path}. Данные не изменены.`);
    const actual = await entryOf(unpacked, expected.path).catch(() => null);
    if (!actual || actual.bytes !== expected.bytes || actual.sha256 !== expected.sha256) {
      throw new BackupError(`Резервная копия повреждена: ${expected.path} не совпадает с описанием. Данные не изменены.`);
    }
  }
  return manifest;
}

/** Writes the documents as they were, revisions included; returns how many. */
async function loadDatabase(db: PouchDB.Database, file: string): Promise<number> {
  let batch: PouchDB.Core.PutDocument<object>[] = [];
  let count = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const results = await db.bulkDocs(batch, { new_edits: false });
    const failed = results.find((result) => 'error' in result && result.error);
    if (failed) throw new Error(`Restoring ${JSON.stringify(failed)} failed`);
    count += batch.length;
    batch = [];
  };
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    batch.push(JSON.parse(line) as PouchDB.Core.PutDocument<object>);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return count;
}
