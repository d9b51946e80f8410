import { Directive, forwardRef, input, effect } from '@angular/core';
import { VIRTUAL_SCROLL_STRATEGY, type CdkVirtualScrollViewport, type VirtualScrollStrategy } from '@angular/cdk/scrolling';
import { Subject, distinctUntilChanged } from 'rxjs';

/** Pixels drawn above and below the visible part, so a fast flick does not show blank space. */
const BUFFER_PX = 600;

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
  private estimates: readonly number[] = [];
  private readonly measured = new Map<string, number>();
  /** offsets[i] = top of item i; offsets[length] = the whole list's height. */
  private offsets: number[] = [0];
  private offsetsStale = true;

  /** The items' keys and estimated heights, in list order. */
  setItems(keys: readonly string[], estimates: readonly number[]): void {
    this.keys = keys;
    this.estimates = estimates;
    this.offsetsStale = true;
    this.update();
  }

  private resizes: ResizeObserver | null = null;

  attach(viewport: CdkVirtualScrollViewport): void {
    this.viewport = viewport;
    // A drawn item can change height by itself (a viewer opened, a file's state line wrapped):
    // the wrapper of the drawn items resizes, and the positions below it are measured again.
    if (typeof ResizeObserver !== 'undefined') {
      this.resizes = new ResizeObserver(() => this.measureRendered());
      this.resizes.observe(viewport._contentWrapper.nativeElement);
    }
    this.update();
  }

  detach(): void {
    this.resizes?.disconnect();
    this.resizes = null;
    this.viewport = null;
  }

  onContentScrolled(): void {
    this.updateRange();
  }

  onDataLengthChanged(): void {
    this.update();
  }

  onContentRendered(): void {
    this.measureRendered();
  }

  onRenderedOffsetChanged(): void {}

  scrollToIndex(index: number, behavior: ScrollBehavior): void {
    this.viewport?.scrollToOffset(this.offsetOf(Math.max(0, Math.min(index, this.keys.length))), behavior);
  }

  /** Top of item `index` within the list, in pixels (as far as the list is known now). */
  offsetOf(index: number): number {
    this.refreshOffsets();
    return this.offsets[Math.min(index, this.offsets.length - 1)]!;
  }

  private heightOf(index: number): number {
    return this.measured.get(this.keys[index]!) ?? this.estimates[index] ?? 0;
  }

  private refreshOffsets(): void {
    if (!this.offsetsStale) return;
    const offsets = new Array<number>(this.keys.length + 1);
    offsets[0] = 0;
    for (let i = 0; i < this.keys.length; i++) offsets[i + 1] = offsets[i]! + this.heightOf(i);
    this.offsets = offsets;
    this.offsetsStale = false;
  }

  /** The first item whose bottom is below `offset` (binary search over the offsets). */
  private indexAt(offset: number): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.offsets[middle + 1]! <= offset) low = middle + 1;
      else high = middle;
    }
    return Math.min(low, Math.max(0, this.keys.length - 1));
  }

  private update(): void {
    if (!this.viewport) return;
    this.refreshOffsets();
    this.viewport.setTotalContentSize(this.offsets[this.keys.length]!);
    this.updateRange();
  }

  private updateRange(): void {
    const viewport = this.viewport;
    if (!viewport) return;
    this.refreshOffsets();
    const length = Math.min(this.keys.length, viewport.getDataLength());
    if (length === 0) {
      viewport.setRenderedRange({ start: 0, end: 0 });
      viewport.setRenderedContentOffset(0);
      return;
    }
    const scrollOffset = viewport.measureScrollOffset();
    const start = this.indexAt(Math.max(0, scrollOffset - BUFFER_PX));
    let end = this.indexAt(scrollOffset + viewport.getViewportSize() + BUFFER_PX) + 1;
    end = Math.min(length, Math.max(end, start + 1));
    viewport.setRenderedRange({ start, end });
    viewport.setRenderedContentOffset(this.offsets[start]!);
    this.scrolledIndex.next(this.indexAt(scrollOffset));
  }

  /** Reads the drawn items' real heights; when they differ from what was assumed, re-lays out. */
  private measureRendered(): void {
    const viewport = this.viewport;
    if (!viewport) return;
    const { start } = viewport.getRenderedRange();
    const items = viewport._contentWrapper.nativeElement.children;
    let changed = false;
    for (let i = 0; i < items.length; i++) {
      const key = this.keys[start + i];
      if (key === undefined) break;
      const height = (items[i] as HTMLElement).offsetHeight;
      if (height > 0 && this.measured.get(key) !== height && Math.abs(this.heightOf(start + i) - height) >= 1) {
        this.measured.set(key, height);
        changed = true;
      }
    }
    if (!changed) return;
    this.offsetsStale = true;
    this.update();
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
