import { Injectable, inject } from '@angular/core';
import { Store } from '@ngrx/store';
import type { MangoQuerySelector, RxCollection } from 'rxdb';
import { Observable, defer, from, map, switchMap } from 'rxjs';
import { selectOnline } from '../connectivity/connectivity.selectors';
import { FirstScreenReads } from './first-screen-reads';
import { LazyDataLayer } from './lazy-data-layer';
import { plainOf } from './plain-document';
import { StorageSpace } from './storage-space/storage-space.service';
import type { SyncNotice } from './sync-notice';

export interface SaveResult {
  /** True when there was no connection: the change waits on this device. */
  savedOffline: boolean;
}

type Doc = Record<string, unknown>;

export interface FindOptions {
  /** Fields in order, each `asc` or `desc` (RxDB's mango sort). */
  sort?: readonly Readonly<Record<string, 'asc' | 'desc'>>[];
  limit?: number;
}

/**
 * The one way pages read and write replicated data. Every write goes to the local database
 * first (so it works offline) and is recorded as pending until the server confirms it. A write
 * the device has no room for rejects with OutOfStorageError (see StorageSpace): the caller keeps
 * the change (the form stays filled) and the shell says what to free.
 */
@Injectable({ providedIn: 'root' })
export class DataService {
  // Through LazyDataLayer, not DataLayer itself: every page and the shell import this service,
  // and a static import would make each of them wait for RxDB's chunk (~290 kB) before it can
  // draw anything (a page shows what it knows, e.g. a first-paint copy, while RxDB loads).
  private readonly layer = inject(LazyDataLayer);
  private readonly online = inject(Store).selectSignal(selectOnline);
  /** Out of storage: frees the offline file copies and tries again, else says what to free (OutOfStorageError). */
  private readonly space = inject(StorageSpace);
  /** The replication of a reload waits for the first screen's reads (see FirstScreenReads). */
  private readonly firstScreen = inject(FirstScreenReads);

  /** Creates or replaces a whole document. */
  async save<T extends object>(collectionName: string, doc: T): Promise<SaveResult> {
    const { collection, id, pending } = await this.target(collectionName, doc);
    // Pending first: the push may finish before this function returns.
    await this.space.write(() => pending.add(collectionName, id));
    try {
      await this.space.write(() => collection.incrementalUpsert(doc as Doc));
    } catch (error) {
      await pending.settle(collectionName, [id]);
      throw error;
    }
    return { savedOffline: !this.online() };
  }

  /** Changes some fields of an existing document. */
  async patch(collectionName: string, id: string, fields: Readonly<Doc>): Promise<SaveResult> {
    const database = await this.layer.database();
    const collection = database.db.collections[collectionName] as RxCollection<Doc> | undefined;
    if (!collection) throw new Error(`Unknown collection ${collectionName}`);
    const doc = await collection.findOne(id).exec();
    if (!doc) throw new Error(`No document ${id} in ${collectionName}`);
    await this.space.write(() => database.pending.add(collectionName, id));
    await this.space.write(() => doc.incrementalPatch(fields));
    return { savedOffline: !this.online() };
  }

  /** Deletes a document (the server checks that this person may); pending until it is sent. */
  async remove(collectionName: string, id: string): Promise<SaveResult> {
    const database = await this.layer.database();
    const collection = database.db.collections[collectionName] as RxCollection<Doc> | undefined;
    if (!collection) throw new Error(`Unknown collection ${collectionName}`);
    const doc = await collection.findOne(id).exec();
    if (!doc) return { savedOffline: !this.online() };
    await this.space.write(() => database.pending.add(collectionName, id));
    await this.space.write(() => doc.remove());
    return { savedOffline: !this.online() };
  }

  /** One document, live: emits again whenever it changes (here or from another device). */
  doc$<T>(collectionName: string, id: string): Observable<T | null> {
    return this.firstScreen.track(
      this.whenOpen(collectionName).pipe(
        switchMap((collection) => collection.findOne(id).$),
        map((doc) => (doc ? plainOf<T>(doc) : null)),
      ),
    );
  }

  /**
   * All documents matching a selector, live. `sort` + `limit` read only the first ones (a long
   * list's first screen, drawn before the whole list has been read).
   */
  find$<T>(collectionName: string, selector: MangoQuerySelector<Doc> = {}, options: FindOptions = {}): Observable<T[]> {
    return this.firstScreen.track(
      this.whenOpen(collectionName).pipe(
        switchMap((collection) => collection.find({ selector, ...(options.sort ? { sort: options.sort as never } : {}), ...(options.limit ? { limit: options.limit } : {}) }).$),
        map((docs) => docs.map((doc) => plainOf<T>(doc))),
      ),
    );
  }

  /**
   * The first `limit` documents in the order of `sort`, read once (not live): a long list's first
   * screen, drawn before its whole live query has been read. Fast only where an index gives the
   * order (RxDB serves no `desc` sort from one): then IndexedDB stops after `limit` records.
   */
  first$<T>(collectionName: string, selector: MangoQuerySelector<Doc>, sort: readonly Readonly<Record<string, 'asc' | 'desc'>>[], limit: number): Observable<T[]> {
    return this.firstScreen.track(from(this.layer.get()).pipe(switchMap((layer) => layer.readFirst<T>(collectionName, selector, sort, limit))));
  }

  /** The documents with these ids that exist, read once (not live). */
  byIds$<T>(collectionName: string, ids: readonly string[]): Observable<T[]> {
    return this.firstScreen.track(
      this.whenOpen(collectionName).pipe(
        switchMap((collection) => collection.findByIds([...ids]).exec()),
        map((found) => [...found.values()].map((doc) => plainOf<T>(doc))),
      ),
    );
  }

  /**
   * Settles once the first screen of a start has read and drawn its data (never later than a
   * bound; at once after a sign-in). For background work that reads whole collections: on a
   * reload it would otherwise compete with the page's first reads for IndexedDB.
   */
  async afterFirstScreen(): Promise<void> {
    await (await this.layer.get()).afterFirstScreen();
  }

  /** Forget a notice the person has read. */
  async dismissNotice(id: string): Promise<void> {
    await (await this.layer.database()).notices.dismiss(id);
  }

  /** Write this device's values of a conflict notice again, on top of the current document. */
  async reapplyNotice(notice: SyncNotice): Promise<SaveResult> {
    const fields = Object.fromEntries(notice.fields.filter((f) => !f.field.startsWith('_')).map((f) => [f.field, f.local]));
    const result = await this.patch(notice.collection, notice.docId, { ...fields, updatedAt: new Date().toISOString() });
    await this.dismissNotice(notice.id);
    return result;
  }

  /**
   * The collection of whoever is signed in when the query is subscribed to, not when it was made:
   * a query kept and subscribed to again after a sign-out and another sign-in (a shared list,
   * lists/device-documents.ts) must read the new person's open database, never the closed one.
   */
  private whenOpen(name: string): Observable<RxCollection<Doc>> {
    return defer(() => this.collection(name));
  }

  private async collection(name: string): Promise<RxCollection<Doc>> {
    const database = await this.layer.database();
    const collection = database.db.collections[name] as RxCollection<Doc> | undefined;
    if (!collection) throw new Error(`Unknown collection ${name}`);
    return collection;
  }

  private async target(name: string, doc: object) {
    const database = await this.layer.database();
    const collection = database.db.collections[name] as RxCollection<Doc> | undefined;
    if (!collection) throw new Error(`Unknown collection ${name}`);
    const id = String((doc as Doc)[collection.schema.primaryPath as string]);
    return { collection, id, pending: database.pending };
  }
}
