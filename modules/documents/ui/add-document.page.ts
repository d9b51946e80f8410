import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators, type AbstractControl, type ValidationErrors } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatDatepicker, MatDatepickerInput, MatDatepickerToggle } from '@angular/material/datepicker';
import { MatError, MatFormField, MatHint, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { docId } from '@oblako/domain';
import { DataService, OutOfStorageError, StorageSpace, selectUser } from '@oblako/shell-kit';
import { datePickerErrorKey, deviceToday, provideCivilDatePicker } from '@oblako/shell-kit/pickers';
import { filter, map, switchMap } from 'rxjs';
import {
  ACCEPT_ATTRIBUTE,
  DOCUMENT_TYPES,
  MAX_FILE_NAME_LENGTH,
  MAX_NOTE_LENGTH,
  validateDocument,
  type AllowedMimeType,
  type DeclaredFile,
  type DocumentFileRecord,
  type DocumentType,
  type MedicalDocument,
} from '../index';
import { checkDocumentFiles, checkPickedFiles, declaredMime, limitsOrDefaults, sha256Of, sniffFile, type FileProblem } from './file-checks';
import { DocumentsText, DocumentsTextPipe } from './text';
import { UploadLimitsService } from './upload-limits.service';
import { UploadQueue } from './upload-queue.service';

interface PickedFile {
  id: string;
  file: File;
  sniffed: AllowedMimeType | 'unknown' | null;
  sha256: string | null;
}

/** The date field's rule is the module's own (rules.ts), so the server would say the same. */
function documentDateValidator(control: AbstractControl<string>): ValidationErrors | null {
  if (!control.value) return { documents: 'documents.form.dateRequired' };
  const issue = validateDocument({ date: control.value }).find((i) => i.field === 'date');
  return issue ? { documents: `documents.error.date.${issue.code}` } : null;
}

/**
 * «Добавить документ»: type, date, note and the files — picked, or photographed one page after
 * another. Each file is checked before anything is sent (empty, too large, not a medical file,
 * already uploaded, over the quota). Saving keeps the files on the device and the document in
 * the local database at once; sending happens by itself, now or when a connection comes.
 */
@Component({
  selector: 'ob-add-document',
  imports: [
    ReactiveFormsModule, RouterLink, MatFormField, MatLabel, MatHint, MatError, MatInput, MatSelect, MatOption,
    MatButton, MatIconButton, MatIcon, MatProgressSpinner, DocumentsTextPipe, MatDatepicker, MatDatepickerInput, MatDatepickerToggle, MatSuffix,
  ],
  providers: [provideCivilDatePicker()],
  templateUrl: './add-document.page.html',
  styleUrl: './add-document.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AddDocumentPage {
  private readonly data = inject(DataService);
  private readonly queue = inject(UploadQueue);
  private readonly limits = inject(UploadLimitsService);
  private readonly text = inject(DocumentsText);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);
  private readonly space = inject(StorageSpace);
  private readonly user = inject(Store).selectSignal(selectUser);

  readonly types = DOCUMENT_TYPES;
  readonly accept = ACCEPT_ATTRIBUTE;
  readonly maxNote = MAX_NOTE_LENGTH;
  /** The device's calendar date (a document dated «today» in Vladivostok is not in the future). */
  readonly today = deviceToday();
  readonly earliest = '1900-01-01';
  readonly form = new FormGroup({
    type: new FormControl<DocumentType | null>(null, { validators: [Validators.required] }),
    date: new FormControl(this.today, { nonNullable: true, validators: [documentDateValidator] }),
    note: new FormControl('', { nonNullable: true }),
  });
  readonly picked = signal<readonly PickedFile[]>([]);
  readonly saving = signal(false);
  readonly submitted = signal(false);

  private readonly mine$ = toObservable(this.user).pipe(filter((user) => user !== null));
  /** sha-256 → name of the patient's files the server has, or that a document already lists. */
  private readonly knownFiles = toSignal(
    this.mine$.pipe(
      switchMap((user) => this.data.find$<DocumentFileRecord>('document_files', { patientId: user.id, status: 'uploaded' })),
      map((records) => new Map(records.flatMap((r) => (r.sha256 ? [[r.sha256, r.name] as const] : [])))),
    ),
    { initialValue: new Map<string, string>() },
  );
  private readonly declaredFiles = toSignal(
    this.mine$.pipe(
      switchMap((user) => this.data.find$<MedicalDocument>('documents', { patientId: user.id })),
      map((documents) => new Map(documents.flatMap((d) => d.files.map((f) => [f.sha256, f.name] as const)))),
    ),
    { initialValue: new Map<string, string>() },
  );

  private readonly effectiveLimits = computed(() => limitsOrDefaults(this.limits.limits()));
  readonly problems = computed(() =>
    checkPickedFiles(this.picked().map((p) => ({ size: p.file.size, sniffed: p.sniffed, sha256: p.sha256 })), {
      maxFileBytes: this.effectiveLimits().maxFileBytes,
      knownFiles: new Map([...this.declaredFiles(), ...this.knownFiles()]),
      formatBytes: (bytes) => this.text.bytes(bytes),
    }),
  );
  readonly rows = computed(() =>
    this.picked().map((file, index) => {
      const problem: FileProblem | null = this.problems()[index] ?? null;
      const icon = file.sniffed === 'application/pdf' ? 'picture_as_pdf' : file.sniffed && file.sniffed !== 'unknown' ? 'image' : 'attach_file';
      return { file, problem, icon, preparing: problem === null && file.sha256 === null };
    }),
  );
  readonly preparing = computed(() => this.rows().some((row) => row.preparing));
  readonly hasBadFiles = computed(() => this.rows().some((row) => row.problem !== null));
  /** Bytes already taken: the server's count plus what waits in this device's queue unknown to it. */
  private readonly usedBytes = computed(() => this.effectiveLimits().usedBytes + this.queue.unreservedBytes());
  readonly documentProblem = computed(() =>
    checkDocumentFiles(
      this.picked().map((p) => p.file.size),
      { quotaBytes: this.effectiveLimits().quotaBytes, usedBytes: this.usedBytes() },
      (bytes) => this.text.bytes(bytes),
    ),
  );
  readonly limitsLine = computed(() => {
    const limits = this.effectiveLimits();
    return this.text.t('documents.limits', { maxFile: this.text.bytes(limits.maxFileBytes), quota: this.text.bytes(limits.quotaBytes), used: this.text.bytes(this.usedBytes()) });
  });

  constructor() {
    this.queue.start();
    void this.limits.refresh();
  }

  size(bytes: number): string {
    return this.text.bytes(bytes);
  }

  /** Files from the picker or the camera join the document (several photos = several pages). */
  pick(input: HTMLInputElement): void {
    const files = [...(input.files ?? [])];
    input.value = ''; // the same photo may be taken again
    const added = files.map((file): PickedFile => ({ id: crypto.randomUUID(), file, sniffed: null, sha256: null }));
    this.picked.update((current) => [...current, ...added]);
    void this.examine(added);
  }

  drop(id: string): void {
    this.picked.update((current) => current.filter((p) => p.id !== id));
  }

  /** Text that is no date leaves the control empty: say how to write it, not «fill it in». */
  dateErrorKey(): string {
    const errors = this.form.controls.date.errors;
    const pickerProblem = datePickerErrorKey(errors);
    if (errors?.['matDatepickerParse'] && pickerProblem) return pickerProblem;
    return (errors?.['documents'] as string | undefined) ?? pickerProblem ?? 'documents.form.dateRequired';
  }

  async save(): Promise<void> {
    this.submitted.set(true);
    this.form.markAllAsTouched();
    const user = this.user();
    const type = this.form.controls.type.value;
    if (!user || !type || this.form.invalid || this.saving() || this.preparing()) return;
    if (this.picked().length === 0 || this.hasBadFiles() || this.documentProblem()) return;

    this.saving.set(true);
    try {
      const now = new Date().toISOString();
      const documentId = docId(user.id, crypto.randomUUID());
      const files: DeclaredFile[] = this.picked().map((p) => ({
        fileId: p.id,
        name: safeFileName(p.file.name),
        size: p.file.size,
        mime: declaredMime(p.file.type, p.sniffed === 'unknown' ? null : p.sniffed),
        sha256: p.sha256!,
      }));
      const document: MedicalDocument = {
        id: documentId,
        patientId: user.id,
        type,
        date: this.form.controls.date.value,
        note: this.form.controls.note.value.trim(),
        files,
        createdAt: now,
        updatedAt: now,
      };
      if (validateDocument(document as unknown as Record<string, unknown>).length > 0) return;

      // The bytes first: a document whose files were not kept would wait for them forever.
      const bytes = new Map(this.picked().map((p) => [p.id, p.file]));
      try {
        await this.space.write(() =>
          this.queue.add(
            files.map((file) => ({ ...file, documentId, patientId: user.id, blob: bytes.get(file.fileId)!, phase: 'queued' as const, addedAt: now, resends: 0 })),
          ),
        );
      } catch (error) {
        // Out of storage: the form keeps everything; the shell says what to free.
        if (!(error instanceof OutOfStorageError)) throw error;
        this.snackBar.open(this.text.t('documents.form.saveFailed'), undefined, { duration: 6000 });
        return;
      }
      let savedOffline: boolean;
      try {
        savedOffline = (await this.data.save('documents', document)).savedOffline;
      } catch (error) {
        await this.queue.forgetDocument(documentId);
        console.error('saving a document failed', error);
        this.snackBar.open(this.text.t('documents.form.saveFailed'), undefined, { duration: 6000 });
        return;
      }
      await this.router.navigateByUrl('/documents');
      this.snackBar.open(this.text.t(savedOffline ? 'documents.form.savedOffline' : 'documents.form.savedOnline'), undefined, { duration: 5000 });
    } finally {
      this.saving.set(false);
    }
  }

  /** Reads each new file's first bytes, then hashes the ones that may go (one at a time: phones have little memory). */
  private async examine(files: readonly PickedFile[]): Promise<void> {
    const maxFileBytes = this.effectiveLimits().maxFileBytes;
    for (const picked of files) {
      const sniffed = (await sniffFile(picked.file)) ?? 'unknown';
      this.update(picked.id, { sniffed });
      if (sniffed === 'unknown' || picked.file.size === 0 || picked.file.size > maxFileBytes) continue;
      const sha256 = await sha256Of(picked.file);
      this.update(picked.id, { sha256 });
    }
  }

  private update(id: string, change: Partial<PickedFile>): void {
    this.picked.update((current) => current.map((p) => (p.id === id ? { ...p, ...change } : p)));
  }
}

/** A name the rules accept: no path separators or control characters, at most 255 characters. */
function safeFileName(name: string): string {
  const cleaned = name.replace(/[\\/\u0000-\u001f]/g, '_').trim();
  return (cleaned || 'file').slice(-MAX_FILE_NAME_LENGTH);
}
