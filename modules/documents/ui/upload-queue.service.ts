import { Injectable, computed, inject, signal } from '@angular/core';
import { Store } from '@ngrx/store';
import type { SessionUser } from '@oblako/domain';
import { DataService, selectOnline, selectUser } from '@oblako/shell-kit';
import { liveQuery } from 'dexie';
import { Subscription, combineLatest, distinctUntilChanged, map } from 'rxjs';
import type { DocumentFileRecord, LocalUploadProgress, MedicalDocument } from '../index';
import { OfflineFiles } from './offline-files.service';
import { UPLOAD_TRANSPORT, type UploadOutcome } from './upload-transport';
import { UploadStore, uploadStoreName, type QueuedFile } from './upload-store';

/** A queued file as pages see it (the bytes stay in IndexedDB). */
export type QueuedFileInfo = Omit<QueuedFile, 'blob'> & { hasBytes: boolean };

/** Refusals after which sending the same bytes again can help, so they are kept. */
const WORTH_RETRYING = new Set(['quota_exceeded', 'file_checksum_mismatch']);
/** One automatic re-send when the server found the bytes damaged in transfer. */
const AUTOMATIC_RESENDS = 1;
/** While files wait and the device is online, look again this often (a held file, a spent retry). */
const RETRY_EVERY_MS = 30_000;
/** A queued file whose document is gone this long (deleted on another device) is dropped. */
const ORPHAN_GRACE_MS = 2 * 60_000;

/**
 * The patient's upload queue on this device. Picked files are kept as Blobs in IndexedDB the
 * moment the document is saved, then sent one at a time with tus whenever the device is online —
 * after a reload, a closed app or a lost connection too, from the offset the server has. A file's
 * bytes leave the device only once the server has verified them; its entry goes when the
 * server's `document_files` record has replicated. One tab sends at a time (Web Locks).
 */
@Injectable({ providedIn: 'root' })
export class UploadQueue {
  private readonly data = inject(DataService);
  private readonly transport = inject(UPLOAD_TRANSPORT);
  private readonly ngrx = inject(Store);
  private readonly offlineFiles = inject(OfflineFiles);

  private readonly entries = signal<readonly QueuedFileInfo[]>([]);
  private readonly live = signal<ReadonlyMap<string, { sent: number; total: number }>>(new Map());
  private readonly sending = signal<string | null>(null);

  /** Every file in this device's queue, oldest first. */
  readonly files = this.entries.asReadonly();
  /** Bytes waiting here that the server does not count yet (its count includes uploads it created). */
  readonly unreservedBytes = computed(() => this.entries().reduce((sum, f) => sum + (f.phase === 'queued' && !f.created ? f.size : 0), 0));

  private store: UploadStore | null = null;
  private online = false;
  private running = false;
  private stopCurrent: AbortController | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private sessionSubscriptions = new Subscription();
  private started = false;

  /** Follows the signed-in patient and the connection; idempotent. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.ngrx
      .select(selectUser)
      .pipe(
        map((user) => (user?.role === 'patient' ? user : null)),
        distinctUntilChanged((a, b) => a?.id === b?.id),
      )
      .subscribe((user) => void this.follow(user));
    this.ngrx.select(selectOnline).subscribe((online) => {
      this.online = online;
      if (online) void this.run();
      else this.stopCurrent?.abort();
    });
  }

  /** This device's progress of a file, in the shape `fileState()` (../api.ts) takes. */
  progressOf(fileId: string): LocalUploadProgress | undefined {
    const entry = this.entries().find((f) => f.fileId === fileId);
    if (!entry || entry.phase === 'failed') return undefined;
    if (entry.phase === 'sent') return { sending: false, sentBytes: entry.size, totalBytes: entry.size };
    const live = this.live().get(fileId);
    return { sending: this.sending() === fileId, sentBytes: live?.sent ?? 0, totalBytes: entry.size };
  }

  entryOf(fileId: string): QueuedFileInfo | undefined {
    return this.entries().find((f) => f.fileId === fileId);
  }

  /** The bytes of a file still on this device (to show it before the server has it). */
  async localBlob(fileId: string): Promise<Blob | null> {
    return (await this.store?.files.get(fileId))?.blob ?? null;
  }

  /** Keeps the files of a document being saved; they go as soon as there is a connection. */
  async add(files: readonly QueuedFile[]): Promise<void> {
    const store = this.requireStore();
    await store.files.bulkPut([...files]);
    await this.refresh();
    void this.run();
  }

  /** Drops a document's files from the queue (the document was deleted or never saved). */
  async forgetDocument(documentId: string): Promise<void> {
    const store = this.store;
    if (!store) return;
    const files = await store.files.where('documentId').equals(documentId).toArray();
    if (files.some((f) => f.fileId === this.sending())) this.stopCurrent?.abort();
    await store.files.bulkDelete(files.map((f) => f.fileId));
    await this.refresh();
    for (const file of files) if (file.phase === 'queued') await this.transport.discard(store, file.fileId);
  }

  /** Sends a refused file again (after freeing space, say). */
  async retry(fileId: string): Promise<void> {
    const store = this.requireStore();
    await store.files.update(fileId, { phase: 'queued', code: undefined, resends: 0 });
    await this.refresh();
    void this.run();
  }

  /** Sends whatever waits, if online and no other tab is sending. */
  async run(): Promise<void> {
    if (this.running || !this.online || !this.store) return;
    this.running = true;
    const store = this.store;
    try {
      const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
      const work = () => this.sendAll(store);
      if (locks) await locks.request(`${uploadStoreName(store.userId)}-sender`, { ifAvailable: true }, (lock) => (lock ? work() : undefined));
      else await work();
    } catch (error) {
      // The person signed out meanwhile (their queue was closed): the files wait for their next sign-in.
      if (this.store === store) console.error('upload queue: sending failed', error);
    } finally {
      this.running = false;
    }
  }

  private async sendAll(store: UploadStore): Promise<void> {
    const restarted = new Set<string>();
    while (this.online && this.store === store) {
      const next = (await store.files.toArray())
        .filter((f) => f.phase === 'queued' && f.blob !== null && f.code === undefined)
        .sort((a, b) => a.addedAt.localeCompare(b.addedAt))[0];
      if (!next) return;
      const outcome = await this.sendOne(store, next as QueuedFile & { blob: Blob });
      if (outcome.kind === 'restart') {
        if (restarted.has(next.fileId)) return;
        restarted.add(next.fileId);
      }
      if (outcome.kind === 'interrupted' || outcome.kind === 'sessionEnded') return;
    }
  }

  private async sendOne(store: UploadStore, file: QueuedFile & { blob: Blob }): Promise<UploadOutcome> {
    const stop = new AbortController();
    this.stopCurrent = stop;
    this.sending.set(file.fileId);
    this.setLive(file.fileId, 0, file.size);
    let outcome: UploadOutcome;
    try {
      const events = {
        progress: (sent: number, total: number) => this.setLive(file.fileId, sent, total),
        created: () => {
          if (!file.created) void store.files.update(file.fileId, { created: true }).catch(() => undefined);
          file.created = true;
        },
      };
      outcome = await this.transport.send({ store, file }, events, stop.signal);
    } finally {
      this.sending.set(null);
      this.stopCurrent = null;
    }
    await this.settle(store, file, outcome);
    await this.refresh();
    return outcome;
  }

  /** Records what happened to one file. */
  private async settle(store: UploadStore, file: QueuedFile, outcome: UploadOutcome): Promise<void> {
    if (!(await store.files.get(file.fileId))) return; // deleted while it was being sent
    switch (outcome.kind) {
      case 'uploaded':
        // The bytes stay until the server's verdict replicates (tidy): then they become the
        // offline copy. Until then they are this device's copy anyway (localBlob).
        await store.files.update(file.fileId, { phase: 'sent', code: undefined });
        return;
      case 'refused':
        if (outcome.code === 'file_checksum_mismatch' && file.resends < AUTOMATIC_RESENDS) {
          await store.files.update(file.fileId, { resends: file.resends + 1 });
          return;
        }
        await store.files.update(file.fileId, {
          phase: 'failed',
          code: outcome.code,
          ...(WORTH_RETRYING.has(outcome.code) ? {} : { blob: null }),
        });
        return;
      case 'held':
        await store.files.update(file.fileId, { code: outcome.code });
        return;
      case 'restart':
      case 'interrupted':
      case 'sessionEnded':
        return;
    }
  }

  /** Opens the queue of the signed-in patient (or closes it on sign-out). */
  private async follow(user: SessionUser | null): Promise<void> {
    this.sessionSubscriptions.unsubscribe();
    this.sessionSubscriptions = new Subscription();
    clearInterval(this.timer);
    this.stopCurrent?.abort();
    const previous = this.store;
    this.store = null;
    if (previous) await this.closeStore(previous);
    this.entries.set([]);
    this.live.set(new Map());
    if (!user) return;

    const store = new UploadStore(user.id);
    this.store = store;
    const watch = liveQuery(() => store.files.toArray()).subscribe({
      next: (files) => this.entries.set(files.map(info).sort((a, b) => a.addedAt.localeCompare(b.addedAt))),
      error: (error: unknown) => console.error('upload queue: reading IndexedDB failed', error),
    });
    this.sessionSubscriptions.add(() => watch.unsubscribe());
    this.sessionSubscriptions.add(
      combineLatest([
        this.data.find$<DocumentFileRecord>('document_files', { patientId: user.id }),
        this.data.find$<MedicalDocument>('documents', { patientId: user.id }),
      ]).subscribe(([records, documents]) => void this.tidy(store, records, documents)),
    );
    // Consent given, a spent retry, another tab that stopped sending: look again now and then.
    this.timer = setInterval(() => {
      if (this.entries().some((f) => f.phase === 'queued')) void this.releaseHeld(store).then(() => this.run());
    }, RETRY_EVERY_MS);
    void this.run();
  }

  /**
   * A queue with nothing left is deleted (a shared phone keeps no trace); one with unsent files
   * stays for the person's next sign-in, like unsent changes in the shell's database.
   */
  private async closeStore(store: UploadStore): Promise<void> {
    try {
      if ((await store.files.count()) === 0) await store.delete();
      else store.close();
    } catch {
      store.close();
    }
  }

  /** Files waiting for consent are tried again (the person may have given it meanwhile). */
  private async releaseHeld(store: UploadStore): Promise<void> {
    await store.files.filter((f) => f.phase === 'queued' && f.code !== undefined).modify({ code: undefined });
  }

  /**
   * Entries the server has settled leave the queue: a replicated record (uploaded or rejected)
   * answers for the file. Files of a document deleted elsewhere go too.
   */
  private async tidy(store: UploadStore, records: readonly DocumentFileRecord[], documents: readonly MedicalDocument[]): Promise<void> {
    const recorded = new Map(records.map((r) => [r.fileId, r]));
    const documentIds = new Set(documents.map((d) => d.id));
    const now = Date.now();
    const done: string[] = [];
    const orphans: QueuedFile[] = [];
    for (const file of await store.files.toArray()) {
      const record = recorded.get(file.fileId);
      // Verified: the bytes sent from here become the file's offline copy (no download needed).
      if (record?.status === 'uploaded' && file.blob) await this.offlineFiles.keep(file.patientId, record, file.blob).catch(() => undefined);
      if (record?.status === 'uploaded' || (record?.status === 'rejected' && file.phase !== 'queued')) done.push(file.fileId);
      else if (!documentIds.has(file.documentId) && now - Date.parse(file.addedAt) > ORPHAN_GRACE_MS) orphans.push(file);
    }
    if (done.length === 0 && orphans.length === 0) return;
    await store.files.bulkDelete([...done, ...orphans.map((f) => f.fileId)]);
    for (const orphan of orphans) if (orphan.phase === 'queued') await this.transport.discard(store, orphan.fileId);
    await this.refresh();
  }

  private async refresh(): Promise<void> {
    const store = this.store;
    if (!store) return;
    const files = await store.files.toArray();
    if (this.store === store) this.entries.set(files.map(info).sort((a, b) => a.addedAt.localeCompare(b.addedAt)));
  }

  private setLive(fileId: string, sent: number, total: number): void {
    this.live.update((current) => new Map(current).set(fileId, { sent, total }));
  }

  private requireStore(): UploadStore {
    if (!this.store) throw new Error('The upload queue is open only for a signed-in patient');
    return this.store;
  }
}

function info(file: QueuedFile): QueuedFileInfo {
  const { blob, ...rest } = file;
  return { ...rest, hasBytes: blob !== null };
}
