import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { FileSource, type OpenableFile } from '../file-source';
import { NotOnDeviceError } from '../offline-files.service';
import { DocumentsTextPipe } from '../text';
import { DicomViewerComponent, type DicomSource } from './dicom-viewer.component';
import { UnsupportedDicomError } from './dicom-image';
import { ImageViewerComponent } from './image-viewer.component';
import { PdfViewerComponent } from './pdf-viewer.component';

type Loaded = { blob: Blob; file: OpenableFile }[];

/**
 * Opens a verified file inline, with the viewer its (server-detected) type needs; several DICOM
 * files of one document open together as a series. The bytes come from the device first.
 */
@Component({
  selector: 'ob-file-viewer',
  imports: [MatButton, MatIconButton, MatIcon, MatProgressSpinner, DocumentsTextPipe, PdfViewerComponent, ImageViewerComponent, DicomViewerComponent],
  template: `
    <section class="viewer" data-testid="file-viewer" [attr.data-kind]="kind()">
      @if (problem(); as key) {
        <p class="problem" role="alert" data-testid="viewer-problem">{{ key | t: problemParams() }}</p>
      } @else if (loaded(); as files) {
        @switch (kind()) {
          @case ('pdf') {
            <ob-pdf-viewer [blob]="files[0]!.blob" (failed)="fail($event)" />
          }
          @case ('image') {
            @if (files.length > 1) {
              <!-- The photos of one document are its pages: buttons and a swipe turn them. -->
              <div class="pager" role="group" [attr.aria-label]="'documents.viewer.page' | t: { page: pageIndex() + 1, pages: files.length }">
                <button mat-icon-button type="button" (click)="turn(-1)" [disabled]="pageIndex() === 0" [attr.aria-label]="'documents.viewer.previous' | t" data-testid="page-previous">
                  <mat-icon svgIcon="chevron_left" />
                </button>
                <span class="pager__label" data-testid="image-page">{{ 'documents.viewer.page' | t: { page: pageIndex() + 1, pages: files.length } }}</span>
                <button mat-icon-button type="button" (click)="turn(1)" [disabled]="pageIndex() >= files.length - 1" [attr.aria-label]="'documents.viewer.next' | t" data-testid="page-next">
                  <mat-icon svgIcon="chevron_right" />
                </button>
              </div>
            }
            @let page = files[pageIndex()]!;
            <div class="swipe" (pointerdown)="swipeStart($event)" (pointerup)="swipeEnd($event, files.length)" (pointercancel)="swipeFrom = null">
              <ob-image-viewer [blob]="page.blob" [name]="page.file.name" (unreadable)="unreadable()" />
            </div>
          }
          @case ('dicom') {
            <ob-dicom-viewer [sources]="dicomSources()" (failed)="fail($event)" />
          }
        }
      } @else {
        <p class="loading"><mat-spinner diameter="20" />{{ 'documents.viewer.loading' | t }}</p>
      }
      @if (downloadUrl(); as url) {
        <a mat-button [href]="url" [attr.download]="shownName()" data-testid="file-download">
          <mat-icon svgIcon="download" />{{ 'documents.file.download' | t }}
        </a>
      }
    </section>
  `,
  styles: `
    .viewer { display: grid; gap: 8px; padding: 12px; border-radius: 12px; background: var(--mat-sys-surface-container); }
    .viewer > a { justify-self: start; }
    .loading { display: flex; align-items: center; gap: 12px; margin: 0; }
    .problem { margin: 0; color: var(--mat-sys-on-surface); font: var(--mat-sys-body-medium); }
    .viewer { min-width: 0; }
    .pager { display: flex; align-items: center; justify-content: center; gap: 4px; }
    .pager__label { font: var(--mat-sys-label-large); min-width: 120px; text-align: center; }
    /* Vertical scrolling stays the browser's; a horizontal swipe turns the page. */
    .swipe { touch-action: pan-y pinch-zoom; min-width: 0; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FileViewerComponent {
  private readonly source = inject(FileSource);
  readonly patientId = input.required<string>();
  /** One file, or the DICOM files of one document (a series), or its photos (its pages). */
  readonly files = input.required<readonly OpenableFile[]>();
  /** The file to show first among `files` (the one the person opened). */
  readonly startAt = input<string | null>(null);
  /** The photo shown, when `files` are the pages of one document. */
  readonly pageIndex = signal(0);
  /** Where a pointer went down, to tell a swipe from a tap. */
  swipeFrom: { x: number; y: number } | null = null;

  readonly loaded = signal<Loaded | null>(null);
  readonly problem = signal<string | null>(null);
  readonly problemParams = signal<Record<string, string>>({});
  readonly kind = computed(() => kindOf(this.files()[0]?.mime ?? ''));
  readonly dicomSources = computed<DicomSource[]>(() => (this.loaded() ?? []).map(({ blob, file }) => ({ blob, name: file.name })));
  private lastUrl: string | null = null;
  readonly shownName = computed(() => (this.loaded()?.[this.kind() === 'image' ? this.pageIndex() : 0] ?? this.loaded()?.[0])?.file.name ?? null);
  readonly downloadUrl = computed(() => {
    const loaded = this.loaded();
    const first = loaded?.[this.kind() === 'image' ? this.pageIndex() : 0] ?? loaded?.[0];
    if (this.lastUrl) URL.revokeObjectURL(this.lastUrl);
    this.lastUrl = first ? URL.createObjectURL(first.blob) : null;
    return this.lastUrl;
  });

  constructor() {
    // Keyed by the files' identity: a parent that rebuilds the same list must not reload them.
    const identity = computed(() => `${this.patientId()}|${this.files().map((f) => `${f.fileId}:${f.sha256}`).join(',')}`);
    effect((onCleanup) => {
      identity();
      const patientId = untracked(this.patientId);
      const files = untracked(this.files);
      let cancelled = false;
      onCleanup(() => (cancelled = true));
      void this.load(patientId, files, () => cancelled);
    });
    inject(DestroyRef).onDestroy(() => this.lastUrl && URL.revokeObjectURL(this.lastUrl));
  }

  turn(step: number): void {
    const count = this.loaded()?.length ?? 0;
    this.pageIndex.update((index) => Math.min(Math.max(0, index + step), Math.max(0, count - 1)));
  }

  swipeStart(event: PointerEvent): void {
    this.swipeFrom = { x: event.clientX, y: event.clientY };
  }

  /** A mostly horizontal move of 50 px or more turns the page (left: next, right: previous). */
  swipeEnd(event: PointerEvent, count: number): void {
    const from = this.swipeFrom;
    this.swipeFrom = null;
    if (!from || count < 2) return;
    const dx = event.clientX - from.x;
    const dy = event.clientY - from.y;
    if (Math.abs(dx) >= 50 && Math.abs(dx) > 2 * Math.abs(dy)) this.turn(dx < 0 ? 1 : -1);
  }

  fail(error: unknown): void {
    if (error instanceof UnsupportedDicomError) {
      this.problemParams.set({ syntax: error.syntax });
      this.problem.set('documents.viewer.dicomCompressed');
      return;
    }
    console.warn('viewer failed', error);
    this.problem.set('documents.viewer.failed');
  }

  unreadable(): void {
    const mime = this.files()[0]?.mime ?? '';
    this.problem.set(mime === 'image/heic' || mime === 'image/heif' ? 'documents.viewer.heic' : 'documents.viewer.failed');
  }

  private async load(patientId: string, files: readonly OpenableFile[], cancelled: () => boolean): Promise<void> {
    this.loaded.set(null);
    this.problem.set(null);
    try {
      const loaded: Loaded = [];
      for (const file of files) loaded.push({ blob: await this.source.blob(patientId, file), file });
      if (cancelled()) return;
      this.pageIndex.set(Math.max(0, files.findIndex((file) => file.fileId === untracked(this.startAt))));
      this.loaded.set(loaded);
    } catch (error) {
      if (cancelled()) return;
      this.problem.set(error instanceof NotOnDeviceError ? 'documents.viewer.notAvailableOffline' : 'documents.viewer.failed');
    }
  }
}

function kindOf(mime: string): 'pdf' | 'image' | 'dicom' {
  if (mime === 'application/pdf') return 'pdf';
  if (mime === 'application/dicom') return 'dicom';
  return 'image';
}
