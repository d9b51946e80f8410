import type { DocumentFileRecord } from '../index';
import { fileView } from './file-view';
import type { QueuedFileInfo } from './upload-queue.service';

const record = (fields: Partial<DocumentFileRecord>): DocumentFileRecord => ({
  id: 'p:f',
  patientId: 'p',
  documentId: 'p:d',
  fileId: 'f',
  status: 'uploaded',
  name: 'a.pdf',
  size: 100,
  checkedAt: '2026-01-01T00:00:00.000Z',
  ...fields,
});
const queued = (fields: Partial<QueuedFileInfo>): QueuedFileInfo => ({
  fileId: 'f',
  documentId: 'p:d',
  patientId: 'p',
  name: 'a.pdf',
  mime: 'application/pdf',
  size: 100,
  sha256: '0'.repeat(64),
  phase: 'queued',
  addedAt: '2026-01-01T00:00:00.000Z',
  resends: 0,
  hasBytes: true,
  ...fields,
});

describe('what a file’s state looks like', () => {
  it('waits for a connection, or its turn', () => {
    const progress = { sending: false, sentBytes: 0, totalBytes: 100 };
    expect(fileView(undefined, queued({}), progress, false)).toEqual(jasmine.objectContaining({ kind: 'waiting', label: 'documents.state.waitingOffline' }));
    expect(fileView(undefined, queued({}), progress, true)).toEqual(jasmine.objectContaining({ kind: 'waiting', label: 'documents.state.waitingTurn' }));
  });

  it('says what a held file needs (consent)', () => {
    const view = fileView(undefined, queued({ code: 'consent_required' }), { sending: false, sentBytes: 0, totalBytes: 100 }, true);
    expect(view).toEqual(jasmine.objectContaining({ kind: 'waiting', reason: 'error.consent_required' }));
  });

  it('shows the percentage while sending, then checking until the server’s verdict arrives', () => {
    expect(fileView(undefined, queued({}), { sending: true, sentBytes: 42, totalBytes: 100 }, true)).toEqual(
      jasmine.objectContaining({ kind: 'uploading', percent: 42, params: { percent: 42 } }),
    );
    expect(fileView(undefined, queued({ phase: 'sent', hasBytes: false }), { sending: false, sentBytes: 100, totalBytes: 100 }, true).kind).toBe('verifying');
  });

  it('the server’s record wins: uploaded, or rejected with its reason', () => {
    expect(fileView(record({}), queued({ phase: 'sent' }), { sending: false, sentBytes: 100, totalBytes: 100 }, true)).toEqual(
      jasmine.objectContaining({ kind: 'uploaded', openable: true }),
    );
    expect(fileView(record({ status: 'rejected', reason: 'file_duplicate', duplicateOf: 'other' }), undefined, undefined, true)).toEqual(
      jasmine.objectContaining({ kind: 'rejected', reason: 'documents.rejected.file_duplicate', openable: false }),
    );
  });

  it('a refusal at creation leaves no record: the queue’s reason is shown, with a retry when the bytes are kept', () => {
    expect(fileView(undefined, queued({ phase: 'failed', code: 'quota_exceeded' }), undefined, true)).toEqual(
      jasmine.objectContaining({ kind: 'failed', reason: 'error.quota_exceeded', retry: true }),
    );
    expect(fileView(undefined, queued({ phase: 'failed', code: 'file_duplicate', hasBytes: false }), undefined, true).retry).toBeFalse();
  });

  it('a file neither recorded nor queued here comes from another device', () => {
    expect(fileView(undefined, undefined, undefined, true).kind).toBe('elsewhere');
  });
});
