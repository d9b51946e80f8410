import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { DataService, OutOfStorageError, selectUser } from '@oblako/shell-kit';
import { switchMap } from 'rxjs';
import { checkDocumentChange, type MedicalDocument } from '../index';
import { DocumentListComponent } from './lists/document-list.component';
import { patientList$ } from './lists/patient-list';
import { readPatientNameCopy, savePatientNameCopy } from './lists/patient-list-copy';
import { OfflineStoragePanelComponent } from './offline-storage-panel.component';
import { patientNames$ } from './patient-names';
import { DocumentsText, DocumentsTextPipe } from './text';

/**
 * One patient's documents as their doctor (or a manager) sees them: read only, with inline
 * viewers that open the device's copy first, so they work without a connection. A patient may
 * have thousands of documents: the list is cut out of the device's one live documents query
 * (lists/device-documents.ts: already in memory when the doctor comes from the patients list;
 * on a reload the page draws what it showed last time, or without that its first screen read from
 * an index, lists/patient-list.ts) and draws only the cards in view.
 */
@Component({
  selector: 'ob-patient-documents',
  imports: [MatButton, MatIcon, RouterLink, DocumentsTextPipe, DocumentListComponent, OfflineStoragePanelComponent],
  template: `
    <a mat-button routerLink="/documents/patients" class="back"><mat-icon svgIcon="arrow_back" />{{ 'common.back' | t }}</a>
    <h1 class="page-title">
      {{ 'documents.patientDocuments' | t }}@if (name()) {<span class="name">: {{ name() }}</span>}
    </h1>
    <ob-offline-storage-panel [compact]="true" />
    @if (list() === undefined) {
      <p>{{ 'common.loading' | t }}</p>
    } @else if (list()!.length === 0) {
      <p class="empty" data-testid="no-documents">{{ 'documents.patient.none' | t }}</p>
    } @else {
      <ob-document-list [documents]="list()!" [records]="view()!.records" [partial]="view()!.partial" [mode]="cardMode()" (review)="markReviewed($event)" />
    }
  `,
  styles: `
    :host { display: grid; gap: 16px; --ob-document-list-offset: 300px; }
    .back { justify-self: start; }
    .page-title { margin: 0; }
    .empty { color: var(--mat-sys-on-surface-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientDocumentsPage {
  private readonly data = inject(DataService);
  private readonly text = inject(DocumentsText);
  private readonly snackBar = inject(MatSnackBar);
  private readonly user = inject(Store).selectSignal(selectUser);
  /** From the route (`patients/:patientId`), bound by the router. */
  readonly patientId = input.required<string>();

  /** The patient's documents and their files' verdicts: on a reload what the page showed last time (or a first screen), then the whole patient. */
  readonly view = toSignal(toObservable(this.patientId).pipe(switchMap((patientId) => patientList$(this.data, patientId, this.user()?.id))));
  /** Those still to review first, each part newest first. */
  readonly list = computed(() => this.view()?.documents);
  private readonly names = toSignal(patientNames$(), { initialValue: new Map<string, string>() });
  /** The name the page showed last time (its first-paint copy), until the profiles have answered. */
  private readonly copiedName = computed(() => {
    const userId = this.user()?.id;
    return userId ? readPatientNameCopy(userId, this.patientId()) : '';
  });
  private readonly liveName = computed(() => this.names().get(this.patientId()) ?? '');
  readonly name = computed(() => this.liveName() || this.copiedName());
  /** Only an assigned doctor reviews; a manager reads. */
  readonly cardMode = computed(() => (this.user()?.role === 'doctor' ? 'doctor' : 'reader'));

  constructor() {
    // The copy follows the live name, never itself.
    effect(() => {
      const userId = this.user()?.id;
      const name = this.liveName();
      if (userId && name) savePatientNameCopy(userId, this.patientId(), name);
    });
  }

  async markReviewed(document: MedicalDocument): Promise<void> {
    const user = this.user();
    if (!user) return;
    const reviewed = { ...document, reviewedAt: new Date().toISOString(), reviewedBy: user.id };
    const refusal = checkDocumentChange({ writer: { id: user.id, role: user.role }, before: document as never, after: reviewed as never });
    if (refusal) {
      this.snackBar.open(this.text.t(`documents.error.${refusal.field}.${refusal.code}`), undefined, { duration: 5000 });
      return;
    }
    try {
      await this.data.patch('documents', document.id, { reviewedAt: reviewed.reviewedAt, reviewedBy: user.id });
    } catch (error) {
      // The shell says what to free; the card still offers the button to try again.
      if (error instanceof OutOfStorageError) return;
      throw error;
    }
    this.snackBar.open(this.text.t('documents.markedReviewed'), undefined, { duration: 4000 });
  }
}
