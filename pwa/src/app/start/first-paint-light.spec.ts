import { LIGHT_PAINT_ID, lightPaintReleased, releaseLightPaint } from '../core/first-paint/page-snapshot';
import { markupAndStyles } from '../core/first-paint/snapshot-recorder';
import { drawLightFirstPaint } from './first-paint-light';

/** A small page in the shape the app draws: a root, a status chip, a card outlined for a notification. */
function appRoot(): HTMLElement {
  const root = document.createElement('ob-root');
  root.innerHTML =
    '<span data-testid="sync-status">Все изменения отправлены</span>' +
    '<article class="card-under-test card--focus" data-testid="consultation-card"><h3>Кардиология</h3><a href="/documents">Документы</a></article>';
  return root;
}

describe('the light first paint: the snapshot the page records, and its drawing', () => {
  let style: HTMLStyleElement;
  beforeEach(() => {
    // Other specs start the full app's FirstPageDrawn, which releases the light paint of this page.
    document.documentElement.removeAttribute('data-first-paint-released');
    style = document.createElement('style');
    style.textContent = '.card-under-test { border: 1px solid red; } .never-drawn-anywhere { color: blue; } @media (min-width: 1px) { .card-under-test h3 { margin: 0; } }';
    document.head.append(style);
  });
  afterEach(() => {
    style.remove();
    document.getElementById(LIGHT_PAINT_ID)?.remove();
  });

  it('keeps the markup with the status chip invisible and no notification outline, and only the rules it uses', () => {
    const { html, css } = markupAndStyles(appRoot(), document);
    expect(html).toContain('Кардиология');
    expect(html).toMatch(/data-testid="sync-status"[^>]*style="visibility: hidden;"/);
    expect(html).not.toContain('card--focus');
    expect(css).toContain('.card-under-test');
    expect(css).toContain('@media (min-width: 1px)');
    expect(css).not.toContain('never-drawn-anywhere');
  });

  it('draws the snapshot over the page, out of reach of the page’s queries, once, and swallows a tap', () => {
    expect(drawLightFirstPaint(markupAndStyles(appRoot(), document), LIGHT_PAINT_ID)).toBeTrue();
    const host = document.getElementById(LIGHT_PAINT_ID)!;
    expect(host.getAttribute('aria-hidden')).toBe('true');
    expect(host.shadowRoot).toBeNull(); // closed
    expect(document.querySelector('[data-testid=consultation-card]')).toBeNull();
    const tap = new MouseEvent('click', { bubbles: true, cancelable: true });
    host.dispatchEvent(tap);
    expect(tap.defaultPrevented).toBeTrue();
    expect(drawLightFirstPaint(markupAndStyles(appRoot(), document), LIGHT_PAINT_ID)).toBeFalse();
  });

  it('goes when released, and the page is marked so that a late one is not drawn', () => {
    expect(drawLightFirstPaint(markupAndStyles(appRoot(), document), LIGHT_PAINT_ID)).toBeTrue();
    releaseLightPaint();
    expect(document.getElementById(LIGHT_PAINT_ID)).toBeNull();
    expect(lightPaintReleased()).toBeTrue();
  });
});
