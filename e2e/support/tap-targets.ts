import type { Page } from 'playwright-core';

/** The smallest target a finger hits reliably: 48×48 CSS px (Material's and Android's touch target). */
export const MIN_TAP_TARGET = 48;

export interface SmallTarget {
  /** What a person sees: the role and accessible text of the element. */
  element: string;
  width: number;
  height: number;
}

/**
 * Every interactive element on screen smaller than 48×48 CSS px. A target's size is the box a
 * tap on it lands in: the element's own, or the bigger invisible touch area Material gives its
 * compact buttons, checkboxes and radios (`*-touch-target`), or for a text field the whole
 * outlined field (a tap anywhere in it focuses the input).
 *
 * Allowed, as in WCAG 2.5.8's exceptions: a link inside a sentence or a paragraph of text
 * («inline»: its size is set by the line of text around it); an element that is not shown
 * (display none, hidden, zero size, visually hidden for screen readers) or is inside an
 * `inert`/`aria-hidden` part of the page. Nothing else: no «equivalent elsewhere» exception.
 */
export async function smallTapTargets(page: Page): Promise<SmallTarget[]> {
  // tsx names the functions below with a `__name` helper that the page does not have.
  await page.evaluate('globalThis.__name ??= (fn) => fn');
  return page.evaluate((min) => {
    const selector = [
      'a[href]', 'button', 'input:not([type="hidden"])', 'select', 'textarea', 'summary',
      '[role="button"]', '[role="link"]', '[role="checkbox"]', '[role="radio"]', '[role="switch"]', '[role="tab"]',
      '[role="combobox"]', '[role="menuitem"]', '[role="option"]', 'mat-chip', 'mat-chip-option', '.mat-mdc-chip',
    ].join(',');
    const shown = (element: Element): boolean => {
      if (element.closest('[inert], [aria-hidden="true"], .cdk-visually-hidden')) return false;
      const style = getComputedStyle(element);
      if (style.display === 'none' || style.visibility === 'hidden' || style.opacity === '0') return false;
      const box = element.getBoundingClientRect();
      return box.width > 1 && box.height > 1;
    };
    /** A link within running text: its block holds more text than the link itself. */
    const inline = (element: Element): boolean => {
      if (element.tagName !== 'A' || element.classList.contains('mat-mdc-button-base')) return false;
      if (getComputedStyle(element).display !== 'inline') return false;
      const block = element.closest('p, li, td, dd, span, label, small');
      return !!block && (block.textContent ?? '').trim().length > (element.textContent ?? '').trim().length;
    };
    /** The box a tap lands in (see above). */
    const tapBox = (element: Element): { width: number; height: number } => {
      const field = element.closest('.mat-mdc-text-field-wrapper') ?? element.closest('mat-form-field')?.querySelector('.mat-mdc-text-field-wrapper');
      const boxes = [element.getBoundingClientRect()];
      if (field && (element.matches('input, textarea, select, [role="combobox"]'))) boxes.push(field.getBoundingClientRect());
      const host = element.closest('.mat-mdc-button-base, .mat-mdc-checkbox, .mat-mdc-radio-button, .mat-mdc-slide-toggle, .mat-mdc-chip') ?? element;
      for (const touch of host.querySelectorAll('[class*="touch-target"]')) boxes.push(touch.getBoundingClientRect());
      // A Material checkbox/radio input is the 40 px ripple area inside a 48 px touch target.
      return { width: Math.max(...boxes.map((box) => box.width)), height: Math.max(...boxes.map((box) => box.height)) };
    };
    const describe = (element: Element): string => {
      const role = element.getAttribute('role') ?? element.tagName.toLowerCase();
      const name = (element.getAttribute('aria-label') ?? element.textContent ?? element.getAttribute('placeholder') ?? '').trim().replace(/\s+/g, ' ').slice(0, 60);
      const testId = element.closest('[data-testid]')?.getAttribute('data-testid');
      return `${role} «${name}»${testId ? ` [${testId}]` : ''}`;
    };
    const small: { element: string; width: number; height: number }[] = [];
    const seen = new Set<Element>();
    for (const element of document.querySelectorAll(selector)) {
      // A Material checkbox's (chip's) input (button) and its host are one target: measure it once.
      const target = element.closest('.mat-mdc-checkbox, .mat-mdc-radio-button, .mat-mdc-slide-toggle, .mat-mdc-chip') ?? element;
      if (seen.has(target) || !shown(element) || inline(element)) continue;
      seen.add(target);
      const { width, height } = tapBox(element);
      if (width + 0.5 < min || height + 0.5 < min) small.push({ element: describe(element), width: Math.round(width), height: Math.round(height) });
    }
    return small;
  }, MIN_TAP_TARGET);
}
