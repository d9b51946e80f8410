import { Directive, forwardRef, input, effect } from '@angular/core';
import { VIRTUAL_SCROLL_STRATEGY, type CdkVirtualScrollViewport, type VirtualScrollStrategy } from '@angular/cdk/scrolling';
import { Subject, distinctUntilChanged } from 'rxjs';
import { OffsetIndex } from './offset-index';

/** Pixels drawn above and below the visible part, so a flick does not show blank space. */
const BUFFER_PX = 600;
/**
 * While flinging (the list moved more than a screen since the last scroll event, so every drawn
 * card is new) only the visible part and a little more ahead, in the direction of travel, are
 * drawn: the cards behind would be gone again next frame, and drawing three screens of new cards
 * per frame made long tasks. (150 px on both sides drew ~1.5 cards per frame nobody saw.)
 */
const FLING_AHEAD_PX = 150;

/**
 * CDK virtual scrolling for items of different heights (document cards with one to twenty
 * files, an opened viewer): each item starts at its estimated height and, once drawn, at its
 * measured one. The CDK's own fixed-size strategy would cut or stretch the cards; its autosize
 * strategy lives in cdk-experimental, which this project does not ship.
 *
 * Measured heights are kept by item key, so an item keeps its height when the list changes
 * around it (a new document arrives, another is marked reviewed).
 */
export class MeasuredItemsStrategy implements VirtualScrollStrategy {
  private readonly scrolledIndex = new Subject<number>();
  readonly scrolledIndexChange = this.scrolledIndex.pipe(distinctUntilChanged());

  private viewport: CdkVirtualScrollViewport | null = null;
  private keys: readonly string[] = [];
  /** Where each key is in the list: a measurement finds its item without a scan. */
  private indexOfKey = new Map<string, number>();
  private readonly measured = new Map<string, number>();
  /** The items' heights (measured, else estimated) and their tops, as prefix sums. */
  private offsets = new OffsetIndex([]);

  /** The items' keys and estimated heights, in list order. */
  setItems(keys: readonly string[], estimates: readonly number[]): void {
    this.keys = keys;
    this.indexOfKey = new Map(keys.map((key, index) => [key, index]));
    this.offsets = new OffsetIndex(keys.map((key, index) => this.measured.get(key) ?? estimates[index] ?? 0));
    this.update();
  }

  /**
   * Each drawn item is watched by a ResizeObserver: the browser reports its height after its own
   * layout, so measuring never forces a layout in the middle of a frame (reading offsetHeight
   * after drawing new cards did, and was most of the time spent while flinging through 5,000).
   * It also catches an item that changes height by itself (a viewer opened, a state line wrapped).
   */
  private resizes: ResizeObserver | null = null;
  /** The key each watched element stands for now: the CDK reuses an item's element for another item. */
  private readonly keyOf = new WeakMap<Element, string>();
  private watched = new Set<Element>();

  attach(viewport: CdkVirtualScrollViewport): void {
    this.viewport = viewport;
    if (typeof ResizeObserver !== 'undefined') this.resizes = new ResizeObserver((entries) => this.resized(entries));
    this.update();
  }

  detach(): void {
    this.resizes?.disconnect();
    this.resizes = null;
    this.watched.clear();
    this.viewport = null;
  }

  private lastScrollOffset = 0;
  private flinging = false;
  private towardsEnd = true;

  onContentScrolled(): void {
    const viewport = this.viewport;
    if (!viewport) return;
    const offset = viewport.measureScrollOffset();
    this.flinging = Math.abs(offset - this.lastScrollOffset) > viewport.getViewportSize();
    if (offset !== this.lastScrollOffset) this.towardsEnd = offset > this.lastScrollOffset;
    this.lastScrollOffset = offset;
    this.updateRange(offset);
  }

  onDataLengthChanged(): void {
    this.update();
  }

  onContentRendered(): void {
    this.watchRendered();
  }

  onRenderedOffsetChanged(): void {}

  scrollToIndex(index: number, behavior: ScrollBehavior): void {
    this.viewport?.scrollToOffset(this.offsetOf(Math.max(0, Math.min(index, this.keys.length))), behavior);
  }

  /** Top of item `index` within the list, in pixels (as far as the list is known now). */
  offsetOf(index: number): number {
    return this.offsets.offsetOf(Math.max(0, index));
  }

  private update(): void {
    if (!this.viewport) return;
    this.viewport.setTotalContentSize(this.offsets.total);
    this.updateRange();
  }

  private updateRange(scrollOffset = this.viewport?.measureScrollOffset() ?? 0): void {
    const viewport = this.viewport;
    if (!viewport) return;
    const length = Math.min(this.keys.length, viewport.getDataLength());
    if (length === 0) {
      viewport.setRenderedRange({ start: 0, end: 0 });
      viewport.setRenderedContentOffset(0);
      return;
    }
    const above = this.flinging ? (this.towardsEnd ? 0 : FLING_AHEAD_PX) : BUFFER_PX;
    const below = this.flinging ? (this.towardsEnd ? FLING_AHEAD_PX : 0) : BUFFER_PX;
    const start = Math.min(this.offsets.indexAt(Math.max(0, scrollOffset - above)), length - 1);
    let end = this.offsets.indexAt(scrollOffset + viewport.getViewportSize() + below) + 1;
    end = Math.min(length, Math.max(end, start + 1));
    viewport.setRenderedRange({ start, end });
    viewport.setRenderedContentOffset(this.offsets.offsetOf(start));
    this.scrolledIndex.next(this.offsets.indexAt(scrollOffset));
  }

  /** Watches the drawn items (and only them: an element the CDK dropped is let go). */
  private watchRendered(): void {
    const viewport = this.viewport;
    const resizes = this.resizes;
    if (!viewport || !resizes) return;
    const { start } = viewport.getRenderedRange();
    const items = viewport._contentWrapper.nativeElement.children;
    const now = new Set<Element>();
    for (let i = 0; i < items.length; i++) {
      const key = this.keys[start + i];
      if (key === undefined) break;
      const item = items[i]!;
      now.add(item);
      if (this.keyOf.get(item) === key && this.watched.has(item)) continue;
      this.keyOf.set(item, key);
      // Observing again makes the browser report the element's size once more, for its new item.
      resizes.unobserve(item);
      resizes.observe(item);
    }
    for (const item of this.watched) if (!now.has(item)) resizes.unobserve(item);
    this.watched = now;
  }

  /** Heights the browser measured; when they differ from what was assumed, re-lays out. */
  private resized(entries: readonly ResizeObserverEntry[]): void {
    let changed = false;
    for (const entry of entries) {
      const key = this.keyOf.get(entry.target);
      if (key === undefined || !entry.target.isConnected) continue;
      const height = entry.borderBoxSize?.[0]?.blockSize ?? (entry.target as HTMLElement).offsetHeight;
      if (height > 0 && Math.abs((this.measured.get(key) ?? -1) - height) >= 0.5) {
        this.measured.set(key, height);
        const index = this.indexOfKey.get(key);
        if (index !== undefined) changed = this.offsets.set(index, height) || changed;
      }
    }
    if (changed) this.update();
  }
}

/**
 * `<cdk-virtual-scroll-viewport [obMeasuredItems]="keys" [obEstimatedHeights]="heights">`:
 * uses MeasuredItemsStrategy for the viewport.
 */
@Directive({
  selector: 'cdk-virtual-scroll-viewport[obMeasuredItems]',
  providers: [{ provide: VIRTUAL_SCROLL_STRATEGY, useFactory: (directive: MeasuredItemsDirective) => directive.strategy, deps: [forwardRef(() => MeasuredItemsDirective)] }],
})
export class MeasuredItemsDirective {
  readonly strategy = new MeasuredItemsStrategy();
  /** Item keys in list order (the same keys the template tracks by). */
  readonly obMeasuredItems = input.required<readonly string[]>();
  /** Estimated height of each item in pixels, before it has been drawn. */
  readonly obEstimatedHeights = input.required<readonly number[]>();

  constructor() {
    effect(() => this.strategy.setItems(this.obMeasuredItems(), this.obEstimatedHeights()));
  }
}
