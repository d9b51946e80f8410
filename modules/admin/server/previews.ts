import { randomUUID } from 'node:crypto';
import { HttpError, readMany, writeMany, assertWritten } from '@oblako/server-kit';
import { IMPORT_LIMITS } from '../api';
import { chunk, previewId, previewRowsId } from './imports-db';
import type { FileMeta, TableRow } from './rows';

export interface StoredPreview {
  id: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  files: FileMeta[];
  rows: TableRow[];
}

interface PreviewDoc {
  _id: string;
  type: 'preview';
  id: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  files: FileMeta[];
  chunks: number;
}

interface PreviewRowsDoc {
  _id: string;
  type: 'preview_rows';
  rows: TableRow[];
  expiresAt: string;
}

/** Previews live in the store (any instance can commit what another previewed) and expire. */
export async function savePreview(db: PouchDB.Database, createdBy: string, files: FileMeta[], rows: TableRow[], now = new Date()): Promise<StoredPreview> {
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + IMPORT_LIMITS.previewTtlMinutes * 60_000).toISOString();
  const chunks = chunk(rows);
  const docs: (PreviewDoc | PreviewRowsDoc)[] = [
    ...chunks.map((part, index): PreviewRowsDoc => ({ _id: previewRowsId(id, index), type: 'preview_rows', rows: part, expiresAt })),
    // The header last: a preview whose header exists is complete.
    { _id: previewId(id), type: 'preview', id, createdBy, createdAt: now.toISOString(), expiresAt, files, chunks: chunks.length },
  ];
  assertWritten(await writeMany(db, docs), 'the preview');
  return { id, createdBy, createdAt: now.toISOString(), expiresAt, files, rows };
}

export async function loadPreview(db: PouchDB.Database, id: string, now = new Date()): Promise<StoredPreview> {
  const header = (await readMany<PreviewDoc>(db, [previewId(id)])).get(previewId(id));
  if (!header || header.type !== 'preview' || header.expiresAt <= now.toISOString()) throw new HttpError(404, 'import_preview_expired');
  const ids = Array.from({ length: header.chunks }, (_, index) => previewRowsId(id, index));
  const parts = await readMany<PreviewRowsDoc>(db, ids);
  if (parts.size !== ids.length) throw new HttpError(404, 'import_preview_expired');
  const rows = ids.flatMap((chunkId) => parts.get(chunkId)!.rows);
  return { id, createdBy: header.createdBy, createdAt: header.createdAt, expiresAt: header.expiresAt, files: header.files, rows };
}
