import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButton } from '@angular/material/button';
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
  imports: [MatButton, MatIcon, MatProgressSpinner, DocumentsTextPipe, PdfViewerComponent, ImageViewerComponent, DicomViewerComponent],
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
            <ob-image-viewer [blob]="files[0]!.blob" [name]="files[0]!.file.name" (unreadable)="unreadable()" />
          }
          @case ('dicom') {
            <ob-dicom-viewer [sources]="dicomSources()" (failed)="fail($event)" />
          }
        }
      } @else {
        <p class="loading"><mat-spinner diameter="20" />{{ 'documents.viewer.loading' | t }}</p>
      }
      @if (downloadUrl(); as url) {
        <a mat-button [href]="url" [attr.download]="files()[0]?.name" data-testid="file-download">
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
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FileViewerComponent {
  private readonly source = inject(FileSource);
  readonly patientId = input.required<string>();
  /** One file, or the DICOM files of one document (a series). */
  readonly files = input.required<readonly OpenableFile[]>();

  readonly loaded = signal<Loaded | null>(null);
  readonly problem = signal<string | null>(null);
  readonly problemParams = signal<Record<string, string>>({});
  readonly kind = computed(() => kindOf(this.files()[0]?.mime ?? ''));
  readonly dicomSources = computed<DicomSource[]>(() => (this.loaded() ?? []).map(({ blob, file }) => ({ blob, name: file.name })));
  private lastUrl: string | null = null;
  readonly downloadUrl = computed(() => {
    const first = this.loaded()?.[0];
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
      if (!cancelled()) this.loaded.set(loaded);
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
