import { Injectable, inject } from '@angular/core';
import { Store } from '@ngrx/store';
import { AUDIT_API, DEVICE_VIEW_MAX_AGE_MS, type DeviceView, type SessionUser } from '@oblako/domain';
import { ApiCallError, ApiClient, DataService, selectOnline, selectUser } from '@oblako/shell-kit';
import { Dexie, type Table } from 'dexie';
import { distinctUntilChanged } from 'rxjs';
import { CoalescedRun } from './coalesced-run';

/** One view waiting to reach the server's audit. */
export interface QueuedView extends DeviceView {
  /** patientId/fileId/viewedAt: the same view is queued once. */
  key: string;
}

export function deviceViewsStoreName(userId: string): string {
  return `oblako-device-views-${userId}`;
}

/** Opening the same file again within this time is the same view (the server folds it as well). */
export const SAME_VIEW_MS = 5 * 60_000;

/** A database per person (like the upload queue): a shared device never sends one person's views as another's. */
class DeviceViewsStore extends Dexie {
  views!: Table<QueuedView, string>;

  constructor(userId: string) {
    super(deviceViewsStoreName(userId));
    this.version(1).stores({ views: 'key, viewedAt' });
  }
}

/**
 * Views of patients' files that staff opened from this device's offline copy (no request reached
 * the server, so the server could not record them): kept in IndexedDB, across reloads and
 * offline, and sent to the server's audit (POST AUDIT_API.deviceViews) as soon as the person is
 * signed in and online, oldest first. The server records them in the signed-in person's name at
 * the time of viewing. A view the server refuses for good (no longer allowed to read the file,
 * older than 30 days) is dropped; one that did not get through (offline, server error) stays.
 * A patient's views of their own files are not audited, so nothing is queued for patients.
 */
@Injectable({ providedIn: 'root' })
export class DeviceViews {
  private readonly api = inject(ApiClient);
  private readonly ngrx = inject(Store);
  private readonly data = inject(DataService);

  private user: SessionUser | null = null;
  private store: DeviceViewsStore | null = null;
  private online = false;
  private readonly passes = new CoalescedRun(() => this.send());
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    this.ngrx
      .select(selectUser)
      .pipe(distinctUntilChanged((a, b) => a?.id === b?.id))
      .subscribe((user) => {
        this.store?.close();
        this.user = user && user.role !== 'patient' ? user : null;
        this.store = this.user ? new DeviceViewsStore(this.user.id) : null;
        void this.flush();
      });
    this.ngrx.select(selectOnline).subscribe((online) => {
      this.online = online;
      if (online) void this.flush();
    });
  }

  /** The signed-in person opened the patient's file from this device's copy. */
  async record(patientId: string, fileId: string, at = new Date()): Promise<void> {
    const store = this.store;
    if (!store) return;
    const since = new Date(at.getTime() - SAME_VIEW_MS).toISOString();
    const recent = await store.views.where('viewedAt').aboveOrEqual(since).filter((view) => view.patientId === patientId && view.fileId === fileId).count();
    if (recent === 0) {
      const viewedAt = at.toISOString();
      await store.views.put({ key: `${patientId}/${fileId}/${viewedAt}`, patientId, fileId, viewedAt });
    }
    await this.flush();
  }

  /** What is still waiting to be sent, oldest first. */
  async pending(): Promise<QueuedView[]> {
    return this.store ? this.store.views.orderBy('viewedAt').toArray() : [];
  }

  /** Sends what waits, one pass at a time (a call during a pass makes one more pass after it). */
  flush(): Promise<void> {
    return this.passes.request();
  }

  private async send(): Promise<void> {
    const store = this.store;
    if (!store || !this.online) return;
    // On a reload the page's first screen reads first: this store is in the same IndexedDB
    // backend as the person's data, and its open and first pass, at start, came before the data's
    // database open (bench/README.md, bench:page, session 13).
    await this.data.afterFirstScreen();
    if (this.store !== store) return;
    const tooOld = new Date(Date.now() - DEVICE_VIEW_MAX_AGE_MS).toISOString();
    await store.views.where('viewedAt').below(tooOld).delete();
    for (const view of await store.views.orderBy('viewedAt').toArray()) {
      if (this.store !== store || !this.online) return;
      try {
        const { patientId, fileId, viewedAt } = view;
        await this.api.post<void>(AUDIT_API.deviceViews, { patientId, fileId, viewedAt } satisfies DeviceView);
      } catch (error) {
        // Refused for good: sending it again cannot succeed, and it must not hold up the others.
        if (error instanceof ApiCallError && (error.status === 400 || error.status === 403)) {
          console.warn(`A view of ${view.fileId} was not recorded: ${error.code}`);
        } else {
          // Offline, signed out meanwhile or a server error: the next pass tries again.
          return;
        }
      }
      await store.views.delete(view.key);
    }
  }
}
