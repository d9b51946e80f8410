import { firstPaintAddress } from './first-paint-copy';
import { saveFirstPaintCopy } from './page-copy';
import { HANDSET_QUERY, SNAPSHOT_PAGE, type PageSnapshot } from './page-snapshot';

/**
 * Keeps `userId`'s page snapshot (page-snapshot.ts) up to date while a page that draws from its
 * first-paint copy shows live data: after every change of the app's markup, in idle time, the
 * app root's markup and the style rules it uses are saved. Returns the function that stops it
 * (the page's destruction).
 *
 * What is time- or state-dependent and not the page's own is not kept as it was: the status
 * chips (online, changes waiting) are kept invisible — a light paint must not claim «Все
 * изменения отправлены» before the database has answered — and so is the video button's block
 * (it follows the clock); a card outlined for a tapped notification is drawn plain.
 */
export function recordPageSnapshot(userId: string, address: string, language: () => string, document: Document = globalThis.document): () => void {
  const root = document.querySelector('ob-root');
  const window = document.defaultView;
  if (!root || !window) return () => undefined;
  let scheduled = false;
  let stopped = false;
  const save = (): void => {
    scheduled = false;
    // Never at another address; nor after the person signed out, which saveFirstPaintCopy refuses.
    if (stopped || firstPaintAddress(window.location.pathname) !== address) return;
    let snapshot: PageSnapshot;
    try {
      snapshot = { address, language: language(), handset: window.matchMedia(HANDSET_QUERY).matches, ...markupAndStyles(root, document) };
    } catch {
      return; // nothing to keep: the next start draws without its light paint
    }
    // Written only when it changed; a full storage only costs the next start its light paint.
    saveFirstPaintCopy(SNAPSHOT_PAGE, userId, snapshot);
  };
  const schedule = (): void => {
    if (scheduled || stopped) return;
    scheduled = true;
    // Without idle callbacks, 200 ms: a burst of changes (a list drawn) is saved once. Not
    // core/idle's runWhenIdle: shared with this chunk, the build splits it into a chunk of its own
    // that the sign-in page would fetch as one more request.
    if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(save, { timeout: 2000 });
    else window.setTimeout(save, 200);
  };
  const observer = new window.MutationObserver(schedule);
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  schedule();
  return () => {
    stopped = true;
    observer.disconnect();
  };
}

/** The root's markup as the light paint shows it, and the style rules whose selectors match something in it. */
export function markupAndStyles(root: Element, document: Document): { html: string; css: string } {
  const copy = root.cloneNode(true) as Element;
  for (const element of copy.querySelectorAll<HTMLElement>('[data-testid="sync-status"], [data-testid="connectivity"], [data-testid="video-join"]')) {
    element.style.visibility = 'hidden';
  }
  for (const element of copy.querySelectorAll('.card--focus')) element.classList.remove('card--focus');
  // Off the page (not in a document), so selectors are matched against the copy itself.
  const holder = document.createElement('div');
  holder.append(copy);
  const rules: string[] = [];
  for (const sheet of Array.from(document.styleSheets)) {
    let list: CSSRuleList;
    try {
      list = sheet.cssRules;
    } catch {
      continue; // another origin's sheet: none on this app's pages
    }
    collectRules(list, holder, rules);
  }
  return { html: copy.outerHTML, css: rules.join('\n') };
}

function collectRules(list: CSSRuleList, holder: Element, into: string[]): void {
  for (const rule of Array.from(list)) {
    if (rule instanceof CSSStyleRule) {
      if (usedBy(rule.selectorText, holder)) into.push(rule.cssText);
    } else if (rule instanceof CSSMediaRule || rule instanceof CSSSupportsRule) {
      const inner: string[] = [];
      collectRules(rule.cssRules, holder, inner);
      if (inner.length > 0) into.push(`@${rule instanceof CSSMediaRule ? `media ${rule.conditionText}` : `supports ${rule.conditionText}`} { ${inner.join('\n')} }`);
    } else if (rule instanceof CSSKeyframesRule) {
      into.push(rule.cssText);
    }
    // @font-face (none: system fonts), @layer statements and the like are not needed by a still picture.
  }
}

/**
 * Whether any selector of the list matches an element of the copy, ignoring states and
 * pseudo-elements (`:hover`, `::before`), which the still picture may show too. The theme's
 * tokens (`html { --mat-sys-… }`) are inherited from the page, not copied.
 */
function usedBy(selectorText: string, holder: Element): boolean {
  for (const selector of selectorText.split(',')) {
    const plain = selector.replace(/::?[a-zA-Z-]+(\([^)]*\))?/g, '').trim();
    if (!plain || /^(html|body|:root)\b/.test(plain)) continue;
    try {
      if (holder.querySelector(plain)) return true;
    } catch {
      return true; // a selector this engine cannot test: keep the rule
    }
  }
  return false;
}
