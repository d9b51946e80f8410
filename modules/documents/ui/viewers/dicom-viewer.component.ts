import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, input, output, signal, viewChild } from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatSlider, MatSliderThumb } from '@angular/material/slider';
import { DocumentsTextPipe } from '../text';
import { fullRangeWindow, loadDicomParser, readDicom, type DicomImage, type DicomWindow } from './dicom-image';

export interface DicomSource {
  blob: Blob;
  name: string;
}

interface Frame {
  image: DicomImage;
  index: number;
}

/**
 * DICOM images: one file or a series (several files of one document, ordered by instance
 * number), single- or multi-frame, with window width/centre (sliders, or dragging the image).
 * dicom-parser (~32 kB) loads on first use; pixels are drawn on a canvas by our own code.
 */
@Component({
  selector: 'ob-dicom-viewer',
  imports: [MatIconButton, MatButton, MatIcon, MatSlider, MatSliderThumb, DocumentsTextPipe],
  template: `
    @if (frames().length > 1) {
      <div class="toolbar" role="toolbar">
        <button mat-icon-button type="button" (click)="show(current() - 1)" [disabled]="current() === 0" [attr.aria-label]="'documents.viewer.previous' | t">
          <mat-icon svgIcon="chevron_left" />
        </button>
        <span class="label" data-testid="dicom-frame">{{ 'documents.viewer.frame' | t: { frame: current() + 1, frames: frames().length } }}</span>
        <button mat-icon-button type="button" (click)="show(current() + 1)" [disabled]="current() === frames().length - 1" [attr.aria-label]="'documents.viewer.next' | t">
          <mat-icon svgIcon="chevron_right" />
        </button>
        <mat-slider class="frames" [min]="1" [max]="frames().length" [step]="1" [discrete]="true">
          <input matSliderThumb [value]="current() + 1" (valueChange)="show($event - 1)" [attr.aria-label]="'documents.viewer.frame' | t: { frame: current() + 1, frames: frames().length }" />
        </mat-slider>
      </div>
    }
    <div class="stage">
      <canvas
        #canvas
        data-testid="dicom-canvas"
        [attr.data-frame]="drawnFrame()"
        (pointerdown)="startDrag($event)"
        (pointermove)="drag($event)"
        (pointerup)="endDrag()"
        (pointercancel)="endDrag()"
      ></canvas>
    </div>
    @if (window(); as w) {
      @if (!colour()) {
        <div class="window">
          <label>
            <span>{{ 'documents.viewer.windowWidth' | t }}: {{ round(w.width) }}</span>
            <mat-slider [min]="1" [max]="range().span * 2" [step]="1">
              <input matSliderThumb [value]="w.width" (valueChange)="setWindow({ center: w.center, width: $event })" />
            </mat-slider>
          </label>
          <label>
            <span>{{ 'documents.viewer.windowCenter' | t }}: {{ round(w.center) }}</span>
            <mat-slider [min]="range().min" [max]="range().max" [step]="1">
              <input matSliderThumb [value]="w.center" (valueChange)="setWindow({ center: $event, width: w.width })" />
            </mat-slider>
          </label>
          <button mat-button type="button" (click)="resetWindow()">{{ 'documents.viewer.resetWindow' | t }}</button>
        </div>
        <p class="hint">{{ 'documents.viewer.dicomHint' | t }}</p>
      }
    }
  `,
  styles: `
    :host { display: block; }
    .toolbar { display: flex; align-items: center; gap: 4px; flex-wrap: wrap; }
    .label { font: var(--mat-sys-label-large); min-width: 96px; text-align: center; }
    .frames { flex: 1; min-width: 140px; }
    .stage { background: #000; border-radius: 8px; display: grid; place-items: center; padding: 8px; touch-action: none; }
    canvas { width: 100%; max-width: 512px; height: auto; cursor: crosshair; image-rendering: auto; }
    .window { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 0 16px; align-items: center; margin-top: 8px; }
    .window label { display: grid; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .hint { margin: 0; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DicomViewerComponent {
  readonly sources = input.required<readonly DicomSource[]>();
  readonly failed = output<unknown>();

  readonly frames = signal<readonly Frame[]>([]);
  readonly current = signal(0);
  readonly window = signal<DicomWindow | null>(null);
  readonly drawnFrame = signal(0);
  readonly colour = computed(() => this.frames()[this.current()]?.image.colour ?? false);
  /** The values of the first frame bound the sliders. */
  readonly range = signal({ min: 0, max: 255, span: 256 });
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private initialWindow: DicomWindow | null = null;
  private dragFrom: { x: number; y: number; window: DicomWindow } | null = null;

  readonly round = Math.round;

  constructor() {
    effect((onCleanup) => {
      const sources = this.sources();
      let cancelled = false;
      onCleanup(() => (cancelled = true));
      void this.open(sources, () => cancelled);
    });
    effect(() => {
      const frame = this.frames()[this.current()];
      const window = this.window();
      if (frame && window) void this.draw(frame, window, this.current());
    });
  }

  show(index: number): void {
    this.current.set(Math.min(Math.max(0, index), this.frames().length - 1));
  }

  setWindow(window: DicomWindow): void {
    this.window.set({ center: window.center, width: Math.max(1, window.width) });
  }

  resetWindow(): void {
    if (this.initialWindow) this.window.set(this.initialWindow);
  }

  startDrag(event: PointerEvent): void {
    const window = this.window();
    if (!window || this.colour()) return;
    (event.target as Element).setPointerCapture?.(event.pointerId);
    this.dragFrom = { x: event.clientX, y: event.clientY, window };
  }

  drag(event: PointerEvent): void {
    if (!this.dragFrom) return;
    const scale = this.range().span / 300;
    const { x, y, window } = this.dragFrom;
    this.setWindow({ width: window.width + (event.clientX - x) * scale, center: window.center - (event.clientY - y) * scale });
  }

  endDrag(): void {
    this.dragFrom = null;
  }

  private async open(sources: readonly DicomSource[], cancelled: () => boolean): Promise<void> {
    try {
      const parser = await loadDicomParser();
      const images: DicomImage[] = [];
      for (const source of sources) images.push(readDicom(parser, new Uint8Array(await source.blob.arrayBuffer())));
      if (cancelled()) return;
      images.sort((a, b) => a.seriesUid.localeCompare(b.seriesUid) || a.instanceNumber - b.instanceNumber);
      const frames = images.flatMap((image) => Array.from({ length: image.frameCount }, (_, index) => ({ image, index })));
      const first = frames[0]!;
      const values = first.image.values(first.index);
      const full = values ? fullRangeWindow(values) : { center: 128, width: 256 };
      this.range.set({ min: Math.floor(full.center - full.width / 2), max: Math.ceil(full.center + full.width / 2), span: Math.max(2, Math.ceil(full.width)) });
      this.initialWindow = first.image.window ?? full;
      this.frames.set(frames);
      this.current.set(0);
      this.window.set(this.initialWindow);
    } catch (error) {
      if (!cancelled()) this.failed.emit(error);
    }
  }

  private async draw(frame: Frame, window: DicomWindow, position: number): Promise<void> {
    const { image, index } = frame;
    const canvas = this.canvas().nativeElement;
    canvas.width = image.columns;
    canvas.height = image.rows;
    const context = canvas.getContext('2d');
    if (!context) return;
    const pixels = context.createImageData(image.columns, image.rows);
    try {
      await image.draw(index, window, pixels.data);
    } catch (error) {
      this.failed.emit(error);
      return;
    }
    if (this.current() !== position) return;
    context.putImageData(pixels, 0, 0);
    this.drawnFrame.set(position + 1);
  }
}
