import { docId } from '@oblako/domain';
import type { DocumentFileRecord, FileRejectionReason } from '../schema';
import { getOrNull } from '@oblako/server-kit';


/** Store databases: the replicated collection of verdicts and the server-only upload reservations. */
export const DOCUMENT_FILES_DB = 'document_files';
export const DOCUMENTS_DB = 'documents';
export const FILE_UPLOADS_DB = 'file_uploads';

/** A verdict as stored: CouchDB shape, primary key in `_id` only (RxDB maps it back to `id`). */
export type StoredFileRecord = Omit<DocumentFileRecord, 'id'> & { _id: string; _rev?: string };

/**
 * An upload in progress, kept so the quota counts bytes still on their way and so a finished or
 * abandoned upload can be traced to its patient. Id `<patientId>:<uploadId>`.
 */
export interface UploadReservation {
  _id: string;
  _rev?: string;
  patientId: string;
  uploadId: string;
  documentId: string;
  fileId: string;
  size: number;
  createdAt: string;
}

export interface PatientFiles {
  records: StoredFileRecord[];
  reservations: UploadReservation[];
}

/** Everything one key range of a partitioned database holds for one patient. */
async function partitionDocs<T>(db: PouchDB.Database, patientId: string): Promise<T[]> {
  const result = await db.allDocs({ include_docs: true, startkey: `${patientId}:`, endkey: `${patientId}:\ufff0` });
  return result.rows.map((row) => row.doc as unknown as T).filter((doc) => doc !== undefined);
}

export class FileRecords {
  constructor(
    private readonly records: PouchDB.Database,
    private readonly reservations: PouchDB.Database,
    private readonly uploadExpiryMs: number,
  ) {}

  async ofPatient(patientId: string, now = Date.now()): Promise<PatientFiles> {
    const [records, reservations] = await Promise.all([
      partitionDocs<StoredFileRecord>(this.records, patientId),
      partitionDocs<UploadReservation>(this.reservations, patientId),
    ]);
    // An expired upload is deleted by the sweep; it stops counting at once.
    const live = reservations.filter((r) => now - Date.parse(r.createdAt) < this.uploadExpiryMs);
    return { records, reservations: live };
  }

  /** Bytes counted against the quota: verified files plus the declared lengths of uploads in progress. */
  static usedBytes(files: PatientFiles): number {
    const stored = files.records.filter((r) => r.status === 'uploaded').reduce((sum, r) => sum + r.size, 0);
    return stored + files.reservations.reduce((sum, r) => sum + r.size, 0);
  }

  async get(patientId: string, fileId: string): Promise<StoredFileRecord | null> {
    return getOrNull<StoredFileRecord>(this.records, docId(patientId, fileId));
  }

  async reserve(reservation: Omit<UploadReservation, '_id'>): Promise<void> {
    await this.reservations.put({ _id: docId(reservation.patientId, reservation.uploadId), ...reservation });
  }

  async release(patientId: string, uploadId: string): Promise<void> {
    const existing = await getOrNull<UploadReservation>(this.reservations, docId(patientId, uploadId));
    if (existing) await this.reservations.remove(existing._id, existing._rev!).catch(ignoreConflict);
  }

  async reservationsOf(documentId: string, patientId: string): Promise<UploadReservation[]> {
    return (await partitionDocs<UploadReservation>(this.reservations, patientId)).filter((r) => r.documentId === documentId);
  }

  /** Reservations older than the expiry, across patients (their uploads are gone or going). */
  async expiredReservations(now = Date.now()): Promise<UploadReservation[]> {
    const all = await this.reservations.allDocs({ include_docs: true });
    return all.rows
      .map((row) => row.doc as unknown as UploadReservation)
      .filter((r) => r && now - Date.parse(r.createdAt) >= this.uploadExpiryMs);
  }

  async accept(fields: { patientId: string; documentId: string; fileId: string; name: string; size: number; mime: string; sha256: string }): Promise<void> {
    await this.write({ ...fields, status: 'uploaded', checkedAt: new Date().toISOString() });
  }

  async reject(fields: { patientId: string; documentId: string; fileId: string; name: string; size: number; reason: FileRejectionReason; duplicateOf?: string }): Promise<void> {
    await this.write({ ...fields, status: 'rejected', checkedAt: new Date().toISOString() });
  }

  async recordsOfDocument(documentId: string, patientId: string): Promise<StoredFileRecord[]> {
    return (await partitionDocs<StoredFileRecord>(this.records, patientId)).filter((r) => r.documentId === documentId);
  }

  /** Deletes the record (a tombstone replicates, so devices drop the file too). */
  async remove(record: StoredFileRecord): Promise<void> {
    await this.records.remove(record._id, record._rev!).catch(ignoreConflict);
  }

  /** Writes the verdict, replacing an earlier one of the same file (a retry after a rejection). */
  private async write(record: Omit<StoredFileRecord, '_id' | '_rev'>): Promise<void> {
    const _id = docId(record.patientId, record.fileId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const existing = await getOrNull<StoredFileRecord>(this.records, _id);
      try {
        await this.records.put({ _id, ...(existing ? { _rev: existing._rev } : {}), ...record });
        return;
      } catch (error) {
        if ((error as { status?: number }).status !== 409) throw error;
      }
    }
    throw new Error(`Could not write the file record ${_id}: it kept changing`);
  }
}

function ignoreConflict(error: unknown): void {
  const status = (error as { status?: number }).status;
  if (status !== 409 && status !== 404) throw error;
}
