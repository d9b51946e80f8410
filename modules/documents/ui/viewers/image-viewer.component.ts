import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, input, output, signal } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { DocumentsTextPipe } from '../text';

const ZOOMS = [0.5, 0.75, 1, 1.5, 2, 3, 4] as const;

/** A photo or scan, with zoom and rotation (phone photos of documents are often sideways). */
@Component({
  selector: 'ob-image-viewer',
  imports: [MatIconButton, MatIcon, DocumentsTextPipe],
  template: `
    <div class="toolbar" role="toolbar">
      <button mat-icon-button type="button" (click)="zoomBy(-1)" [disabled]="zoomIndex() === 0" [attr.aria-label]="'documents.viewer.zoomOut' | t">
        <mat-icon svgIcon="zoom_out" />
      </button>
      <span class="zoom" data-testid="image-zoom">{{ percent() }}%</span>
      <button mat-icon-button type="button" (click)="zoomBy(1)" [disabled]="zoomIndex() === zooms.length - 1" [attr.aria-label]="'documents.viewer.zoomIn' | t">
        <mat-icon svgIcon="zoom_in" />
      </button>
      <button mat-icon-button type="button" (click)="rotate()" [attr.aria-label]="'documents.viewer.rotate' | t" data-testid="image-rotate">
        <mat-icon svgIcon="rotate_right" />
      </button>
    </div>
    <div class="stage">
      <img
        [src]="url()"
        [alt]="name()"
        [style.width.%]="percent()"
        [style.transform]="'rotate(' + rotation() + 'deg)'"
        [attr.data-rotation]="rotation()"
        (error)="unreadable.emit()"
        data-testid="image-view"
      />
    </div>
  `,
  styles: `
    :host { display: block; }
    .toolbar { display: flex; align-items: center; gap: 4px; flex-wrap: wrap; }
    .zoom { min-width: 48px; text-align: center; font: var(--mat-sys-label-large); }
    .stage { overflow: auto; max-height: 70vh; background: var(--mat-sys-surface-container-highest); border-radius: 8px; display: grid; place-items: center; padding: 8px; }
    img { max-width: none; height: auto; transition: transform 150ms ease; display: block; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImageViewerComponent {
  readonly blob = input.required<Blob>();
  readonly name = input('');
  /** The browser cannot decode the picture (HEIC outside Safari). */
  readonly unreadable = output<void>();

  readonly zooms = ZOOMS;
  readonly zoomIndex = signal(ZOOMS.indexOf(1));
  readonly rotation = signal(0);
  readonly percent = computed(() => Math.round(ZOOMS[this.zoomIndex()]! * 100));
  private lastUrl: string | null = null;
  readonly url = computed(() => {
    if (this.lastUrl) URL.revokeObjectURL(this.lastUrl);
    this.lastUrl = URL.createObjectURL(this.blob());
    return this.lastUrl;
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => this.lastUrl && URL.revokeObjectURL(this.lastUrl));
  }

  zoomBy(step: number): void {
    this.zoomIndex.update((index) => Math.min(ZOOMS.length - 1, Math.max(0, index + step)));
  }

  rotate(): void {
    this.rotation.update((degrees) => (degrees + 90) % 360);
  }
}
