/**
 * The backup archive (`npm run manage -- backup <file>`): a gzip'd tar holding
 *
 *   db/<logical name>.ndjson     one stored document per line (with its `_rev`), design docs included
 *   blobs/<owner>/<file>         the verified medical files (the disk blob store's `files/`)
 *   MANIFEST.json                written LAST: format, version, and size + sha-256 of every entry
 *
 * The manifest being the last entry is what makes a truncated archive detectable even before
 * gzip notices: restore refuses an archive without it, or whose entries do not match it.
 */
export const BACKUP_FORMAT = 'oblako-backup';
/** Raised when the layout changes; restore refuses any other version (and says which). */
export const BACKUP_VERSION = 1;
export const MANIFEST_NAME = 'MANIFEST.json';
export const DB_DIR = 'db';
export const BLOBS_DIR = 'blobs';

export interface BackupEntry {
  /** Relative path inside the archive, `/`-separated. */
  path: string;
  bytes: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** `embedded` (LevelDB) or `couchdb`: where the documents came from (restore works into either). */
  source: 'embedded' | 'couchdb';
  /** Documents per logical database. */
  databases: Record<string, number>;
  blobs: { files: number; bytes: number };
  entries: BackupEntry[];
}
