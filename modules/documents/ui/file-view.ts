import { fileState, type DocumentFileRecord, type LocalUploadProgress } from '../index';
import type { QueuedFileInfo } from './upload-queue.service';

/** How one file of a document shows: a state line, maybe a progress bar, maybe a reason. */
export interface FileView {
  kind: 'waiting' | 'uploading' | 'verifying' | 'uploaded' | 'rejected' | 'failed' | 'elsewhere';
  /** i18n key of the state line and its parameters. */
  label: string;
  params?: Readonly<Record<string, string | number>>;
  /** 0–100 while bytes go out. */
  percent?: number;
  /** i18n key of the reason (refusals), or of what a waiting file needs. */
  reason?: string;
  reasonParams?: Readonly<Record<string, string | number>>;
  /** The person can send it again (its bytes are still here). */
  retry: boolean;
  /** Verified by the server: it can be opened. */
  openable: boolean;
}

/**
 * Combines the three sources the PWA has about a file — the server's replicated verdict, this
 * device's queue entry and its live progress — into what the person sees. The contract's
 * `fileState()` decides the common cases; this adds the refusals that leave no server record
 * (at creation: too large, over quota, duplicate, not a medical file) and why a file waits.
 */
export function fileView(
  record: DocumentFileRecord | undefined,
  queued: QueuedFileInfo | undefined,
  progress: LocalUploadProgress | undefined,
  online: boolean,
): FileView {
  if (queued?.phase === 'failed' && !record) {
    return { kind: 'failed', label: 'documents.state.failed', reason: `error.${queued.code ?? 'internal'}`, retry: queued.hasBytes, openable: false };
  }
  const state = fileState(record, progress);
  switch (state.kind) {
    case 'uploaded':
      return { kind: 'uploaded', label: 'documents.state.uploaded', retry: false, openable: true };
    case 'verifying':
      return { kind: 'verifying', label: 'documents.state.verifying', retry: false, openable: false };
    case 'uploading': {
      const percent = state.totalBytes > 0 ? Math.min(100, Math.floor((state.sentBytes / state.totalBytes) * 100)) : 0;
      return { kind: 'uploading', label: 'documents.state.uploading', params: { percent }, percent, retry: false, openable: false };
    }
    case 'rejected':
      return {
        kind: 'rejected',
        label: 'documents.state.rejected',
        reason: `documents.rejected.${state.reason}`,
        retry: false,
        openable: false,
      };
    case 'waiting': {
      if (queued?.code) return { kind: 'waiting', label: 'documents.state.waiting', reason: `error.${queued.code}`, retry: false, openable: false };
      return { kind: 'waiting', label: online ? 'documents.state.waitingTurn' : 'documents.state.waitingOffline', retry: false, openable: false };
    }
    case 'elsewhere':
      return { kind: 'elsewhere', label: 'documents.state.elsewhere', retry: false, openable: false };
  }
}
