import type { PageSnapshot } from '../core/first-paint/page-snapshot';

/**
 * The light first paint: for a remembered person opening an address whose page draws from its
 * first-paint copy, with the app coming from the network (no service worker), main draws the
 * page's snapshot (core/first-paint/page-snapshot.ts: what the full app last drew there) at once,
 * over the splash, while the full app loads; the full app removes it once its own page has been
 * painted (FirstPageDrawn). No Angular, no router, no Material, no import at all (main reads
 * and checks the snapshot: start-decision.ts's lightFirstPaintSnapshot): 0.8 kB of code.
 *
 * The picture is inert: it lives in a closed shadow root (its styles touch nothing of the app,
 * and nothing of the app's queries — or a test's — sees it), hidden from assistive technology,
 * and it swallows clicks and taps, so a press before the take-over does nothing (a link in it
 * would otherwise reload the page). It covers the viewport, so the app built beneath it causes
 * no visible shift.
 *
 * `id`: the element's (page-snapshot.ts's LIGHT_PAINT_ID, which the full app removes). Drawn once.
 */
export function drawLightFirstPaint(snapshot: Pick<PageSnapshot, 'html' | 'css'>, id: string, document: Document = globalThis.document): boolean {
  if (document.getElementById(id)) return false;

  const host = document.createElement('div');
  host.id = id;
  host.setAttribute('aria-hidden', 'true');
  host.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:hidden;background:var(--mat-sys-surface)';
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = snapshot.css;
  const template = document.createElement('template');
  template.innerHTML = snapshot.html;
  // Nothing in it can be focused or pressed; a press lands on the host, which swallows it.
  for (const element of Array.from(template.content.children)) element.setAttribute('inert', '');
  shadow.append(style, template.content);
  for (const type of ['click', 'auxclick', 'dblclick', 'pointerdown', 'mousedown', 'touchstart'] as const) {
    host.addEventListener(type, swallow, { capture: true, passive: false });
  }
  document.body.append(host);
  return true;
}

function swallow(event: Event): void {
  event.preventDefault();
  event.stopPropagation();
}

/**
 * Resolves once the frame drawn now is on screen (a task queued from an animation frame runs
 * after that frame's paint), or at once in a hidden tab, which paints nothing and runs no frames.
 */
export function painted(document: Document = globalThis.document): Promise<void> {
  return new Promise((resolve) => {
    if (document.hidden) return resolve();
    document.addEventListener('visibilitychange', () => resolve(), { once: true });
    requestAnimationFrame(() => setTimeout(resolve));
  });
}
