import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, input, output, signal } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { DocumentsTextPipe } from '../text';
import { ViewerShellComponent } from './viewer-shell.component';
import { ZoomControlsComponent } from './zoom-controls.component';

const ZOOMS = [0.5, 0.75, 1, 1.5, 2, 3, 4] as const;

/** A photo or scan, with zoom and rotation (phone photos of documents are often sideways). */
@Component({
  selector: 'ob-image-viewer',
  imports: [MatIconButton, MatIcon, DocumentsTextPipe, ViewerShellComponent, ZoomControlsComponent],
  template: `
    <ob-viewer-shell>
      <ng-container ngProjectAs="[toolbar]">
        <ob-zoom-controls [canZoomOut]="zoomIndex() > 0" [canZoomIn]="zoomIndex() < zooms.length - 1" (zoomOut)="zoomBy(-1)" (zoomIn)="zoomBy(1)">
          <span class="zoom" data-testid="image-zoom">{{ percent() }}%</span>
        </ob-zoom-controls>
        <button mat-icon-button type="button" (click)="rotate()" [attr.aria-label]="'documents.viewer.rotate' | t" data-testid="image-rotate">
          <mat-icon svgIcon="rotate_right" />
        </button>
      </ng-container>
      <img
        [src]="url()"
        [alt]="name()"
        [style.width.%]="percent()"
        [style.transform]="'rotate(' + rotation() + 'deg)'"
        [attr.data-rotation]="rotation()"
        (error)="unreadable.emit()"
        data-testid="image-view"
      />
    </ob-viewer-shell>
  `,
  styles: `
    :host { display: block; --ob-viewer-stage-max-height: 70vh; }
    .zoom { min-width: 48px; text-align: center; font: var(--mat-sys-label-large); }
    img { max-width: none; height: auto; transition: transform 150ms ease; display: block; margin: 0 auto; }
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
