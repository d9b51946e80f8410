import { firstPaintAddress, firstPaintKey } from './first-paint-copy';

/**
 * A page's **snapshot**: the markup and styles the full app last drew at an address that draws
 * from its first-paint copy (the patient's «Консультации»), kept per person beside the copy and
 * wiped with it at sign-out (its key has the copies' prefix: forgetFirstPaintCopies).
 *
 * Why: on a cold start from the network the page's content waits for Angular's router, the
 * store, the shell with Material and the page's own chunks (~260 kB brotli in ~65 requests).
 * The light first paint (pwa/src/app/start/first-paint-light.ts) draws this snapshot over the
 * page right after main, and the full app removes it once its own page has been painted
 * (FirstPageDrawn) — the same look, because it is what the same app drew, not a second
 * implementation of the page (bench/README.md, bench:lighthouse, session 8).
 *
 * It holds what the screen showed: nothing the device's IndexedDB and the copy do not already
 * hold. Only the person's own snapshot is ever read (keyed by their id), and only for the
 * language and the layout (phone or wider) it was drawn in.
 */
export interface PageSnapshot {
  /** The path it was drawn at (`/consultations`). */
  address: string;
  language: string;
  /** Whether the shell had its phone layout (bottom bar) when drawn: it must have it again. */
  handset: boolean;
  /** The app root's markup (`<ob-root …>…</ob-root>`), status chips hidden (see the recorder). */
  html: string;
  /** The style rules in force on the page when it was drawn (only those the markup uses). */
  css: string;
}

/** The shell's phone layout (ShellLayoutComponent's HANDSET). */
export const HANDSET_QUERY = '(max-width: 719.98px)';

/** The element the light first paint draws into, and the full app removes. */
export const LIGHT_PAINT_ID = 'ob-first-paint';

/** The snapshot's name among the person's first-paint copies (its key: pageSnapshotKey). */
export const SNAPSHOT_PAGE = '@snapshot';

export function pageSnapshotKey(userId: string): string {
  return firstPaintKey(SNAPSHOT_PAGE, userId);
}

/** `userId`'s snapshot, if it was drawn at `path` (a trailing `/` ignored) and is whole. */
export function readPageSnapshot(userId: string, path: string): PageSnapshot | null {
  try {
    const raw = globalThis.localStorage?.getItem(pageSnapshotKey(userId));
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<PageSnapshot> | null;
    const address = firstPaintAddress(path);
    if (!value || value.address !== address) return null;
    const { language, handset, html, css } = value;
    if (typeof language !== 'string' || typeof handset !== 'boolean' || typeof html !== 'string' || typeof css !== 'string') return null;
    return { address, language, handset, html, css };
  } catch {
    return null;
  }
}

/** Set on `<html>` once the light paint has gone: the page it was for is the full app's now. */
const RELEASED_ATTRIBUTE = 'data-first-paint-released';

/**
 * The full app's page is on screen (or the full app could not start): the light paint goes,
 * and one that has not been drawn yet (its chunk came late) never will be on this page.
 */
export function releaseLightPaint(document: Document = globalThis.document): void {
  if (!document) return;
  document.documentElement.setAttribute(RELEASED_ATTRIBUTE, '');
  document.getElementById(LIGHT_PAINT_ID)?.remove();
}

export function lightPaintReleased(document: Document = globalThis.document): boolean {
  return document.documentElement.hasAttribute(RELEASED_ATTRIBUTE);
}
