import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, effect, inject, input, output, signal, viewChild } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import { PDF_WORKER_URL } from '../offline-files.service';
import { DocumentsTextPipe } from '../text';
import { ViewerShellComponent } from './viewer-shell.component';
import { ZoomControlsComponent } from './zoom-controls.component';

/**
 * PDF pages drawn by pdf.js, loaded on first use (its ~400 kB stay out of every other page).
 * The worker comes from our own origin (CSP: 'self' only) and is cached for offline use.
 */
@Component({
  selector: 'ob-pdf-viewer',
  imports: [MatIconButton, MatIcon, DocumentsTextPipe, ViewerShellComponent, ZoomControlsComponent],
  template: `
    <ob-viewer-shell>
      <ng-container ngProjectAs="[toolbar]">
        <button mat-icon-button type="button" (click)="goTo(page() - 1)" [disabled]="page() <= 1" [attr.aria-label]="'documents.viewer.previous' | t">
          <mat-icon svgIcon="chevron_left" />
        </button>
        <!-- No «Страница 1 из 0» while pdf.js is still reading the file. -->
        <span class="pages" data-testid="pdf-page">{{ pages() > 0 ? ('documents.viewer.page' | t: { page: page(), pages: pages() }) : ('documents.viewer.loading' | t) }}</span>
        <button mat-icon-button type="button" (click)="goTo(page() + 1)" [disabled]="page() >= pages()" [attr.aria-label]="'documents.viewer.next' | t">
          <mat-icon svgIcon="chevron_right" />
        </button>
        <span class="spacer"></span>
        <ob-zoom-controls [canZoomOut]="zoom() > 0.5" [canZoomIn]="zoom() < 3" (zoomOut)="zoomBy(-0.25)" (zoomIn)="zoomBy(0.25)" />
      </ng-container>
      <canvas #canvas data-testid="pdf-canvas" [attr.data-rendered-page]="renderedPage()"></canvas>
    </ob-viewer-shell>
  `,
  styles: `
    /* Never wider than its column: a zoomed page scrolls inside the stage, the layout stays. */
    :host { display: block; min-width: 0; max-width: 100%; }
    .pages { font: var(--mat-sys-label-large); min-width: 110px; text-align: center; }
    .spacer { flex: 1; }
    canvas { display: block; margin: 0 auto; background: white; box-shadow: var(--mat-sys-level1); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PdfViewerComponent {
  readonly blob = input.required<Blob>();
  readonly failed = output<unknown>();

  readonly page = signal(1);
  readonly pages = signal(0);
  readonly zoom = signal(1);
  /** The page on the canvas (tests and screen readers wait for it). */
  readonly renderedPage = signal(0);
  private readonly shell = viewChild.required(ViewerShellComponent);
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly document = signal<PDFDocumentProxy | null>(null);
  private task: RenderTask | null = null;

  constructor() {
    effect((onCleanup) => {
      const blob = this.blob();
      let cancelled = false;
      onCleanup(() => (cancelled = true));
      void this.open(blob, () => cancelled);
    });
    effect(() => {
      const document = this.document();
      const page = this.page();
      const zoom = this.zoom();
      if (document) void this.render(document, page, zoom);
    });
    inject(DestroyRef).onDestroy(() => {
      this.task?.cancel();
      void this.document()?.destroy();
    });
  }

  goTo(page: number): void {
    this.page.set(Math.min(Math.max(1, page), this.pages()));
  }

  zoomBy(step: number): void {
    this.zoom.update((zoom) => Math.min(3, Math.max(0.5, zoom + step)));
  }

  private async open(blob: Blob, cancelled: () => boolean): Promise<void> {
    try {
      const pdfjs = await import('pdfjs-dist');
      pdfjs.GlobalWorkerOptions.workerSrc = new URL(PDF_WORKER_URL, document.baseURI).href;
      const loaded = await pdfjs.getDocument({ data: new Uint8Array(await blob.arrayBuffer()), isEvalSupported: false, enableXfa: false }).promise;
      if (cancelled()) {
        void loaded.destroy();
        return;
      }
      void this.document()?.destroy();
      this.pages.set(loaded.numPages);
      this.page.set(1);
      this.document.set(loaded);
    } catch (error) {
      if (!cancelled()) this.failed.emit(error);
    }
  }

  private async render(document: PDFDocumentProxy, pageNumber: number, zoom: number): Promise<void> {
    this.task?.cancel();
    try {
      const page = await document.getPage(pageNumber);
      const available = Math.max(200, this.shell().stage().nativeElement.clientWidth - 16);
      const natural = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: (available / natural.width) * zoom });
      const ratio = window.devicePixelRatio || 1;
      const canvas = this.canvas().nativeElement;
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      canvas.style.width = `${Math.floor(viewport.width)}px`;
      canvas.style.height = `${Math.floor(viewport.height)}px`;
      this.task = page.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
      await this.task.promise;
      this.renderedPage.set(pageNumber);
    } catch (error) {
      if ((error as { name?: string }).name !== 'RenderingCancelledException') this.failed.emit(error);
    }
  }
}
