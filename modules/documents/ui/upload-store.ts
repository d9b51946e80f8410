import { Dexie, type Table } from 'dexie';
import type { PreviousUpload, UrlStorage } from 'tus-js-client';

/**
 * Where a queued file stands on this device:
 *   queued — its bytes wait here to be sent (offline, its turn, a retry, or consent to give);
 *   sent   — the server took and verified it; kept (without bytes) until its record replicates;
 *   failed — refused for `code`; kept to show the reason (bytes only when sending again can help).
 */
export type QueuePhase = 'queued' | 'sent' | 'failed';

/** One picked file in this device's upload queue (IndexedDB, never replicated). */
export interface QueuedFile {
  fileId: string;
  documentId: string;
  patientId: string;
  name: string;
  /** Declared type (the tus metadata `mime`). */
  mime: string;
  size: number;
  sha256: string;
  /** The bytes, until the server has them (or the person gives up on the file). */
  blob: Blob | null;
  phase: QueuePhase;
  /** Why it failed (phase failed), or what it waits for while queued (consent_required). */
  code?: string;
  /** ISO time it was added: the queue sends oldest first. */
  addedAt: string;
  /** Whole re-sends after the server found the bytes damaged (file_checksum_mismatch). */
  resends: number;
  /** The server has created its upload (and counts its size against the patient's quota). */
  created?: boolean;
}

/** A tus upload URL kept for resuming (tus-js-client's `PreviousUpload` plus our keys). */
export interface StoredResume extends PreviousUpload {
  urlStorageKey: string;
  fingerprint: string;
}

export function uploadStoreName(userId: string): string {
  return `oblako-uploads-${userId}`;
}

/**
 * The upload queue of one person on this device: their picked files as Blobs (IndexedDB keeps
 * the bytes across reloads and restarts) and the tus URLs to resume them from the server's offset.
 * A database per person, as with the replicated data, so a shared device never mixes them.
 */
export class UploadStore extends Dexie {
  files!: Table<QueuedFile, string>;
  resumes!: Table<StoredResume, string>;

  constructor(readonly userId: string) {
    super(uploadStoreName(userId));
    this.version(1).stores({ files: 'fileId, documentId', resumes: 'urlStorageKey, fingerprint' });
  }
}

/** The tus fingerprint of a queued file: the same file always resumes the same upload. */
export function resumeFingerprint(userId: string, fileId: string): string {
  return `oblako/${userId}/${fileId}`;
}

/** tus-js-client's URL storage in IndexedDB (its default, localStorage, is per tab-origin and small). */
export class IndexedDbUrlStorage implements UrlStorage {
  constructor(private readonly table: Table<StoredResume, string>) {}

  async findAllUploads(): Promise<PreviousUpload[]> {
    return this.table.toArray();
  }

  async findUploadsByFingerprint(fingerprint: string): Promise<PreviousUpload[]> {
    return this.table.where('fingerprint').equals(fingerprint).toArray();
  }

  async removeUpload(urlStorageKey: string): Promise<void> {
    await this.table.delete(urlStorageKey);
  }

  async addUpload(fingerprint: string, upload: PreviousUpload): Promise<string> {
    const urlStorageKey = `${fingerprint}#${crypto.randomUUID()}`;
    // Only the fields tus reads back: its object may carry more than IndexedDB can clone.
    await this.table.put({
      urlStorageKey,
      fingerprint,
      size: upload.size,
      metadata: { ...upload.metadata },
      creationTime: upload.creationTime,
      uploadUrl: upload.uploadUrl,
      parallelUploadUrls: upload.parallelUploadUrls,
    });
    return urlStorageKey;
  }

  async forget(fingerprint: string): Promise<void> {
    await this.table.where('fingerprint').equals(fingerprint).delete();
  }
}
