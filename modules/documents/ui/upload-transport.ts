import { Injectable, InjectionToken, inject } from '@angular/core';
import { AccessToken, SW_BYPASS_HEADER, TranslationService } from '@oblako/shell-kit';
import type { DetailedError } from 'tus-js-client';
import { DOCUMENTS_API, RECOMMENDED_RETRY_DELAYS_MS, uploadMetadataOf } from '../index';
import { IndexedDbUrlStorage, resumeFingerprint, type QueuedFile, type UploadStore } from './upload-store';

/** How sending one file ended. */
export type UploadOutcome =
  /** The server verified the bytes (or already had this very file). */
  | { kind: 'uploaded' }
  /** A verdict on the file itself: sending the same bytes again will not change it. */
  | { kind: 'refused'; code: string }
  /** The person has to do something first (give consent); the file stays queued. */
  | { kind: 'held'; code: string }
  /** The server no longer knows the upload: start it again from byte 0. */
  | { kind: 'restart' }
  /** No connection, the server away, or stopped on purpose: try again later from the server's offset. */
  | { kind: 'interrupted' }
  /** The session is over; the shell asks the person to sign in again. */
  | { kind: 'sessionEnded' };

export interface UploadJob {
  store: UploadStore;
  file: QueuedFile & { blob: Blob };
}

/** What the queue hears while a file is sent. */
export interface UploadEvents {
  progress(sentBytes: number, totalBytes: number): void;
  /** The server created (or still has) the upload: its size counts against the quota there. */
  created(): void;
}

/** Sends one queued file; resolves (never rejects) with what happened. */
export interface UploadTransport {
  send(job: UploadJob, events: UploadEvents, stop: AbortSignal): Promise<UploadOutcome>;
  /** Frees the server's copy of an unfinished upload (and its quota); best effort. */
  discard(store: UploadStore, fileId: string): Promise<void>;
}

export const UPLOAD_TRANSPORT = new InjectionToken<UploadTransport>('UPLOAD_TRANSPORT', {
  providedIn: 'root',
  factory: () => inject(TusTransport),
});

/**
 * Bytes per PATCH. Smaller than the contract's RECOMMENDED_CHUNK_BYTES (8 MiB) on purpose: the
 * browser reports a body as sent once it sits in the socket buffer (up to 4 MiB on Linux), so
 * within one request the bar runs ahead of the server; each chunk's answer brings it back to
 * what the server really has. 1 MiB keeps the bar honest on a weak link for a few ms per request.
 */
const CHUNK_BYTES = 1024 * 1024;

/** Codes of creation refusals after which the file waits for the person, not for the network. */
const HOLDING_CODES = new Set(['consent_required']);

/**
 * 409s that are the server's last word on the file, not a tus offset conflict a HEAD resolves:
 * repeating the request gets the same answer. `file_already_uploaded` is the usual end of an
 * upload whose last PATCH the server finished just before it crashed: the HEAD of the old URL
 * answers 404, the re-creation 409 — the file is there, so it is done at once.
 */
const FINAL_CONFLICT_CODES = new Set(['file_already_uploaded', 'file_duplicate']);

/**
 * tus uploads with tus-js-client (loaded only when a file is actually sent): resumable from the
 * offset the server has, with the URL kept in IndexedDB so a reload or a closed app resumes too,
 * the access token on every request (renewed once on a 401, then the upload simply resumes),
 * and the service worker bypassed (it must not buffer or cache uploads).
 */
@Injectable({ providedIn: 'root' })
export class TusTransport implements UploadTransport {
  private readonly token = inject(AccessToken);
  private readonly i18n = inject(TranslationService);
  private renewal: Promise<string> | null = null;
  private sessionEnded = false;

  async send(job: UploadJob, events: UploadEvents, stop: AbortSignal): Promise<UploadOutcome> {
    const { Upload } = await import('tus-js-client');
    const { store, file } = job;
    this.sessionEnded = false;
    return new Promise<UploadOutcome>((resolve) => {
      let settled = false;
      const finish = (outcome: UploadOutcome) => {
        if (settled) return;
        settled = true;
        stop.removeEventListener('abort', onStop);
        resolve(outcome);
      };
      const upload = new Upload(file.blob, {
        endpoint: new URL(DOCUMENTS_API.uploads, location.origin).href,
        metadata: uploadMetadataOf(file.documentId, file),
        uploadSize: file.size,
        chunkSize: CHUNK_BYTES,
        retryDelays: [...RECOMMENDED_RETRY_DELAYS_MS],
        urlStorage: new IndexedDbUrlStorage(store.resumes),
        fingerprint: async () => resumeFingerprint(store.userId, file.fileId),
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        headers: { [SW_BYPASS_HEADER]: '1', 'accept-language': this.i18n.language() },
        onBeforeRequest: async (request) => {
          request.setHeader('Authorization', `Bearer ${await this.currentToken()}`);
        },
        onShouldRetry: (error) => this.shouldRetry(error),
        onProgress: (sent, total) => events.progress(sent, total),
        onUploadUrlAvailable: () => events.created(),
        onSuccess: () => finish({ kind: 'uploaded' }),
        onError: (error) => finish(this.outcomeOf(error)),
      });
      const onStop = () => {
        void upload.abort(false);
        finish({ kind: 'interrupted' });
      };
      if (stop.aborted) return finish({ kind: 'interrupted' });
      stop.addEventListener('abort', onStop);
      upload
        .findPreviousUploads()
        .then((previous) => {
          if (settled) return;
          if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
          upload.start();
        })
        .catch(() => finish({ kind: 'interrupted' }));
    });
  }

  async discard(store: UploadStore, fileId: string): Promise<void> {
    const storage = new IndexedDbUrlStorage(store.resumes);
    const fingerprint = resumeFingerprint(store.userId, fileId);
    const previous = await storage.findUploadsByFingerprint(fingerprint);
    await storage.forget(fingerprint);
    for (const upload of previous) {
      if (!upload.uploadUrl) continue;
      try {
        const token = await this.token.current();
        await fetch(upload.uploadUrl, { method: 'DELETE', headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0', [SW_BYPASS_HEADER]: '1' } });
      } catch {
        // Offline: the server drops abandoned uploads itself after UPLOAD_EXPIRY_HOURS.
      }
    }
  }

  /** The token to send: a renewal in flight wins (after a 401), else the current one. */
  private async currentToken(): Promise<string> {
    if (this.renewal) return this.renewal;
    return this.token.current();
  }

  private shouldRetry(error: DetailedError): boolean {
    const status = error.originalResponse?.getStatus() ?? 0;
    if (this.sessionEnded) return false;
    if (status === 401) {
      // The token expired mid-upload: renew it, then tus repeats the request (HEAD → offset → PATCH).
      this.renewal ??= this.token.renewed().finally(() => setTimeout(() => (this.renewal = null), 0));
      this.renewal.catch(() => (this.sessionEnded = true));
      return true;
    }
    if (!navigator.onLine) return false;
    if (status === 409 && FINAL_CONFLICT_CODES.has(errorCodeOf(error.originalResponse?.getBody() ?? '') ?? '')) return false;
    // Network failures, server errors, rate limits, and the tus conflicts that a HEAD resolves.
    return status === 0 || status >= 500 || status === 409 || status === 423 || status === 429;
  }

  private outcomeOf(error: Error | DetailedError): UploadOutcome {
    const detailed = error as Partial<DetailedError>;
    const response = detailed.originalResponse ?? null;
    const status = response?.getStatus() ?? 0;
    if (this.sessionEnded || status === 401) return { kind: 'sessionEnded' };
    if (!response || status === 0 || status >= 500 || status === 429 || status === 423) return { kind: 'interrupted' };
    const code = errorCodeOf(response.getBody());
    if (code === 'file_already_uploaded') return { kind: 'uploaded' };
    if (status === 404 || status === 410 || code === 'upload_not_found' || code === 'upload_expired') return { kind: 'restart' };
    if (status === 409 && code === 'upload_offset_mismatch') return { kind: 'interrupted' };
    if (code && HOLDING_CODES.has(code)) return { kind: 'held', code };
    return { kind: 'refused', code: code ?? (status === 413 ? 'file_too_large' : status === 415 ? 'file_type_not_allowed' : 'validation') };
  }
}

function errorCodeOf(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && typeof (parsed as { code?: unknown }).code === 'string' ? (parsed as { code: string }).code : null;
  } catch {
    return null;
  }
}
