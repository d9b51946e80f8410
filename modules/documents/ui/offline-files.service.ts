import { Injectable, computed, inject, signal } from '@angular/core';
import { Store } from '@ngrx/store';
import { OFFLINE_COPY_PURPOSE, type SessionUser } from '@oblako/domain';
import { ApiCallError, ApiClient, DataService, StorageSpace, isQuotaExceeded, selectOnline, selectUser, watchFirstSyncs } from '@oblako/shell-kit';
import { EMPTY, Observable, Subscription, combineLatest, debounceTime, distinctUntilChanged, map, switchMap } from 'rxjs';
import { fileDownloadUrl, type DocumentFileRecord } from '../index';
import { CoalescedRun } from './coalesced-run';
import { DeviceViews } from './device-views.queue';
import { sha256Of } from './file-checks';
import { FIRST_SCREEN_OFF_KEY, deviceDocuments$, deviceFileRecords$ } from './lists/device-documents';
import { fileKey, planOfflineFiles, wantedFiles, type WantedFile } from './offline-plan';

const MB = 1024 * 1024;
/** Sizes the doctor can choose for the files kept on the device. */
export const OFFLINE_CAP_CHOICES = [100 * MB, 250 * MB, 500 * MB, 1024 * MB, 2048 * MB, 5120 * MB] as const;
export const DEFAULT_OFFLINE_CAP = 500 * MB;
/** The PDF viewer's worker (angular.json copies it there; ngsw-config caches it on first use). */
export const PDF_WORKER_URL = 'pdfjs/pdf.worker.min.mjs';

/** The file is neither on this device nor reachable now. */
export class NotOnDeviceError extends Error {}

export function offlineCacheName(userId: string): string {
  return `oblako-files-${userId}`;
}

function capStorageKey(userId: string): string {
  return `oblako.documents.offlineCap.${userId}`;
}

/**
 * A patient's device keeps their own files: the bytes uploaded from it (handed over by the
 * upload queue once the server has verified them) and every file opened online, within the same
 * cap; it downloads nothing in the background (a patient may hold thousands of records).
 *
 * A doctor's device keeps the files of their assigned patients in Cache Storage, so they open
 * with no connection: whatever replication brings is planned against a size cap the doctor sets
 * (persisted per person), downloaded in order of usefulness, verified against its sha-256 and
 * kept; what is no longer visible or no longer fits is deleted. The cache is the person's: it is
 * deleted when they sign out. Opening a file always tries the device first.
 */
@Injectable({ providedIn: 'root' })
export class OfflineFiles {
  private readonly data = inject(DataService);
  private readonly api = inject(ApiClient);
  private readonly ngrx = inject(Store);
  private readonly views = inject(DeviceViews);

  private readonly cachedSizes = signal<ReadonlyMap<string, number>>(new Map());
  private readonly cap = signal(DEFAULT_OFFLINE_CAP);
  private readonly toFetch = signal(0);
  private readonly notFitting = signal(0);
  private readonly keeping = signal(false);
  private readonly paused = signal(false);
  private readonly planned = signal(false);
  private readonly space = inject(StorageSpace);
  private unregisterReclaimer: (() => void) | null = null;

  /** Whether files are kept offline for this person (doctors: their patients'; patients: their own). */
  readonly active = this.keeping.asReadonly();
  readonly capBytes = this.cap.asReadonly();
  readonly usedBytes = computed(() => [...this.cachedSizes().values()].reduce((sum, size) => sum + size, 0));
  readonly remaining = this.toFetch.asReadonly();
  readonly doesNotFit = this.notFitting.asReadonly();
  /**
   * The device ran out of storage: the copies were deleted (or the last did not fit) and no more
   * are downloaded until the doctor chooses a cap again — they must not fill the device anew.
   */
  readonly pausedForSpace = this.paused.asReadonly();
  /**
   * The files wanted have been counted against the device at least once this session: until then
   * (a reload's database still opening, a first sync storing pages) nobody knows whether any is
   * missing, and the panel must not say «Все файлы сохранены».
   */
  readonly known = this.planned.asReadonly();

  private user: SessionUser | null = null;
  private online = false;
  private wanted: WantedFile[] = [];
  /** `wanted` comes from the device's documents (not the empty start): a plan of it says something. */
  private wantedRead = false;
  private records = new Map<string, DocumentFileRecord>();
  private readonly passes = new CoalescedRun(() => this.sync());
  private sessionSubscriptions = new Subscription();
  private started = false;
  private workerWarmed = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    this.views.start();
    this.ngrx
      .select(selectUser)
      .pipe(distinctUntilChanged((a, b) => a?.id === b?.id && a?.role === b?.role))
      .subscribe((user) => void this.follow(user));
    this.ngrx.select(selectOnline).subscribe((online) => {
      this.online = online;
      if (online) this.schedule();
    });
  }

  isOnDevice(patientId: string, fileId: string): boolean {
    return this.cachedSizes().has(fileKey(patientId, fileId));
  }

  /**
   * Keeps bytes this device already holds (a patient's upload the server has just verified) as
   * the file's offline copy, when they fit under the cap; checked against the sha-256 like a
   * download.
   */
  async keep(patientId: string, record: Pick<DocumentFileRecord, 'fileId' | 'mime' | 'sha256'>, blob: Blob): Promise<void> {
    const user = this.user;
    if (!user || !this.keeping() || this.usedBytes() + blob.size > this.cap()) return;
    await this.put(user, patientId, record, blob);
  }

  /** Changes the cap (persisted) and fits the device's files under it. */
  setCap(bytes: number): void {
    this.paused.set(false);
    this.cap.set(bytes);
    if (this.user) localStorage.setItem(capStorageKey(this.user.id), String(bytes));
    this.schedule();
  }

  /**
   * The bytes of a verified file: this device's copy first (works offline), else the server's
   * (kept for next time when the doctor's cap allows). Throws NotOnDeviceError offline.
   */
  async read(patientId: string, record: Pick<DocumentFileRecord, 'fileId' | 'name' | 'size' | 'mime' | 'sha256'>): Promise<Blob> {
    const user = this.user;
    const url = this.urlOf(patientId, record.fileId);
    if (user && this.keeping()) {
      const cached = await (await caches.open(offlineCacheName(user.id))).match(url);
      if (cached) {
        // No request reaches the server, so the device records the view (staff only) and reports it.
        if (user.role !== 'patient') void this.views.record(patientId, record.fileId).catch((error: unknown) => console.warn('A view of an offline copy was not queued', error));
        return cached.blob();
      }
    }
    let blob: Blob;
    try {
      blob = (await this.api.download(url, record.name)).blob;
    } catch (error) {
      if (error instanceof ApiCallError && error.code === 'network') throw new NotOnDeviceError();
      throw error;
    }
    if (user && this.keeping() && !this.paused() && this.usedBytes() + blob.size <= this.cap()) {
      // A copy that does not fit is no reason to refuse the file the doctor is opening.
      await this.put(user, patientId, record, blob).catch((error) => {
        if (!isQuotaExceeded(error)) throw error;
        this.paused.set(true);
      });
    }
    return blob;
  }

  private async follow(user: SessionUser | null): Promise<void> {
    const previous = this.user;
    this.sessionSubscriptions.unsubscribe();
    this.sessionSubscriptions = new Subscription();
    this.user = null;
    this.keeping.set(false);
    this.paused.set(false);
    this.planned.set(false);
    this.unregisterReclaimer?.();
    this.unregisterReclaimer = null;
    this.cachedSizes.set(new Map());
    this.wanted = [];
    this.wantedRead = false;
    // A shared device must not keep someone's patients' files after they leave.
    if (previous && previous.id !== user?.id && typeof caches !== 'undefined') await caches.delete(offlineCacheName(previous.id));
    if (!user || (user.role !== 'doctor' && user.role !== 'patient') || typeof caches === 'undefined') return;

    this.user = user;
    this.keeping.set(true);
    // Out of storage, these copies are the first thing deleted: they can be downloaded again.
    this.unregisterReclaimer = this.space.register({ labelKey: 'documents.offline.reclaimLabel', bytes: this.usedBytes, free: () => this.freeForSpace(user) });
    const storedCap = Number(localStorage.getItem(capStorageKey(user.id)));
    this.cap.set(Number.isFinite(storedCap) && storedCap > 0 ? storedCap : DEFAULT_OFFLINE_CAP);
    await this.readCache(user);
    // On a reload the page's first screen reads first (it would share IndexedDB with the whole
    // reads below); then these share the page's queries, already in memory (lists/device-documents.ts).
    if (globalThis.localStorage?.getItem(FIRST_SCREEN_OFF_KEY) !== 'yes') await this.data.afterFirstScreen();
    if (this.user !== user) return;
    // Ask the browser not to evict these files under storage pressure (best effort).
    void navigator.storage?.persist?.().catch(() => false);
    this.sessionSubscriptions.add(
      // The device's shared queries (lists/device-documents.ts): the doctor's pages read the same
      // ones. Not while a first sync stores pages: each page would have the whole collection read
      // and converted again (5,000 documents, five times, on the main thread the first sync
      // needs; bench/README.md, bench:browser, session 9); the files wait for it anyway.
      firstSyncRunning$()
        .pipe(
          switchMap((running) => (running ? EMPTY : combineLatest([deviceDocuments$(this.data), deviceFileRecords$(this.data)]))),
          debounceTime(300),
          map(([documents, all]) => [documents, all.filter((r) => r.status === 'uploaded')] as const),
          // A doctor's own partition holds no patient's files; a patient's holds only their own.
          map(([documents, records]) => ({ wanted: wantedFiles(documents, records, user.role === 'doctor' ? user.id : null), records })),
        )
        .subscribe(({ wanted, records }) => {
          this.wanted = wanted;
          this.wantedRead = true;
          this.records = new Map(records.map((r) => [fileKey(r.patientId, r.fileId), r]));
          this.schedule();
        }),
    );
  }

  /** Runs one planning pass now, or once more after the one in progress. */
  private schedule(): void {
    if (!this.user) return;
    void this.passes.request();
  }

  private async sync(): Promise<void> {
    const user = this.user;
    if (!user) return;
    const cache = await caches.open(offlineCacheName(user.id));
    const plan = planOfflineFiles(this.wanted, this.cachedSizes(), this.cap());
    for (const key of plan.evict) {
      await cache.delete(this.urlOfKey(key));
      this.forgetSize(key);
    }
    this.notFitting.set(plan.doesNotFit);
    this.toFetch.set(plan.fetch.length);
    if (this.wantedRead) this.planned.set(true);
    if (!this.online || this.paused()) return;
    this.warmViewer();
    // Patients keep what they uploaded or opened; only a doctor's device fetches ahead.
    if (user.role !== 'doctor') {
      this.toFetch.set(0);
      return;
    }
    for (const file of plan.fetch) {
      if (this.user !== user || !this.online || this.passes.wanted || this.paused()) return;
      const record = this.records.get(file.key);
      if (!record) continue;
      try {
        // Saved for offline use, not viewed: the server records it as such, not in the patient's «Кто просматривал».
        const blob = (await this.api.download(this.offlineCopyUrl(file.key), record.name)).blob;
        if (this.user !== user) return;
        await this.put(user, record.patientId, record, blob);
      } catch (error) {
        // The device is full: keep what is there, stop downloading (the doctor's edits need the room).
        if (isQuotaExceeded(error)) {
          this.paused.set(true);
          return;
        }
        // Not downloadable yet (its document has not reached the server) or offline: next pass.
        if (error instanceof ApiCallError && error.code === 'network') return;
      } finally {
        this.toFetch.update((n) => Math.max(0, n - 1));
      }
    }
  }

  /** Keeps a downloaded file if its bytes are the verified ones. */
  private async put(user: SessionUser, patientId: string, record: Pick<DocumentFileRecord, 'fileId' | 'mime' | 'sha256'>, blob: Blob): Promise<void> {
    if (record.sha256 && (await sha256Of(blob)) !== record.sha256) return;
    const headers = { 'content-type': record.mime ?? 'application/octet-stream', 'content-length': String(blob.size) };
    await (await caches.open(offlineCacheName(user.id))).put(this.urlOf(patientId, record.fileId), new Response(blob, { headers }));
    if (this.user === user) this.cachedSizes.update((sizes) => new Map(sizes).set(fileKey(patientId, record.fileId), blob.size));
  }

  /** Out of storage: deletes every copy and downloads no more until the doctor chooses a cap. */
  private async freeForSpace(user: SessionUser): Promise<void> {
    this.paused.set(true);
    await caches.delete(offlineCacheName(user.id));
    if (this.user === user) {
      this.cachedSizes.set(new Map());
      this.toFetch.set(0);
    }
  }

  private async readCache(user: SessionUser): Promise<void> {
    const cache = await caches.open(offlineCacheName(user.id));
    const sizes = new Map<string, number>();
    const prefix = new URL(fileDownloadUrl('x', 'y'), location.origin).pathname.replace(/x\/y$/, '');
    for (const request of await cache.keys()) {
      const path = new URL(request.url).pathname;
      if (!path.startsWith(prefix)) continue;
      const [patientId, fileId] = path.slice(prefix.length).split('/').map(decodeURIComponent);
      const response = await cache.match(request);
      if (patientId && fileId && response) sizes.set(fileKey(patientId, fileId), Number(response.headers.get('content-length') ?? 0));
    }
    if (this.user === user) this.cachedSizes.set(sizes);
  }

  /**
   * The PDF viewer's worker must be cached before the first offline PDF: the service worker
   * keeps it when it passes through it, so ask once the page is controlled by it, unless a cache
   * already holds it.
   */
  private warmViewer(): void {
    if (this.workerWarmed) return;
    const serviceWorker = typeof navigator !== 'undefined' ? navigator.serviceWorker : undefined;
    if (!serviceWorker?.controller) {
      serviceWorker?.addEventListener('controllerchange', () => this.warmViewer(), { once: true });
      return;
    }
    this.workerWarmed = true;
    void (async () => {
      // Once cached, every later start finds it: fetching its megabyte again only cost the page's
      // thread its body (8 ms in the middle of a reload's database open: bench:page, session 15).
      if (await caches.match(PDF_WORKER_URL).catch(() => undefined)) return;
      await fetch(PDF_WORKER_URL);
    })().catch(() => (this.workerWarmed = false));
  }

  private forgetSize(key: string): void {
    this.cachedSizes.update((sizes) => {
      const next = new Map(sizes);
      next.delete(key);
      return next;
    });
  }

  private urlOf(patientId: string, fileId: string): string {
    return new URL(fileDownloadUrl(patientId, fileId), location.origin).href;
  }

  private offlineCopyUrl(key: string): string {
    const url = new URL(this.urlOfKey(key));
    url.searchParams.set(OFFLINE_COPY_PURPOSE.param, OFFLINE_COPY_PURPOSE.value);
    return url.href;
  }

  private urlOfKey(key: string): string {
    const [patientId, fileId] = key.split('/') as [string, string];
    return this.urlOf(patientId, fileId);
  }
}

/** Whether a first sync stores pages in this tab, now and at each change. */
function firstSyncRunning$(): Observable<boolean> {
  return new Observable<boolean>((subscriber) => watchFirstSyncs((running) => subscriber.next(running))).pipe(distinctUntilChanged());
}
