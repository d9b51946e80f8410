import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatIcon } from '@angular/material/icon';
import { MatListItem, MatListItemIcon, MatListItemLine, MatListItemTitle, MatNavList } from '@angular/material/list';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { DataService, selectUser } from '@oblako/shell-kit';
import { isServerDocumentType, type MedicalDocument } from '../schema';
import { OfflineStoragePanelComponent } from './offline-storage-panel.component';
import { patientNames$ } from './patient-names';
import { DocumentsText, DocumentsTextPipe } from './text';

/**
 * The patients whose documents this doctor (or manager) may read — exactly what replication
 * brought to the device — with how many documents still wait for review.
 */
@Component({
  selector: 'ob-patients-documents',
  imports: [MatNavList, MatListItem, MatListItemIcon, MatListItemTitle, MatListItemLine, MatIcon, RouterLink, DocumentsTextPipe, OfflineStoragePanelComponent],
  template: `
    <h1 class="page-title">{{ 'documents.patients.title' | t }}</h1>
    <ob-offline-storage-panel />
    @if (documents() === undefined) {
      <p>{{ 'common.loading' | t }}</p>
    } @else if (patients().length === 0) {
      <p class="empty" data-testid="no-patient-documents">{{ 'documents.patients.none' | t }}</p>
    } @else {
      <mat-nav-list class="list" [attr.aria-label]="'documents.patients.title' | t">
        @for (patient of patients(); track patient.id) {
          <a mat-list-item [routerLink]="['/documents/patients', patient.id]" data-testid="patient-documents-row">
            <mat-icon matListItemIcon svgIcon="folder_open" />
            <span matListItemTitle>{{ patient.name || ('documents.patients.unnamed' | t) }}</span>
            <span matListItemLine>{{ patient.summary }}</span>
          </a>
        }
      </mat-nav-list>
    }
  `,
  styles: `
    :host { display: grid; gap: 16px; }
    .page-title { margin-bottom: 0; }
    .list { border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; padding: 0; background: var(--mat-sys-surface-container-lowest); }
    .empty { color: var(--mat-sys-on-surface-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientsDocumentsPage {
  private readonly text = inject(DocumentsText);
  private readonly user = inject(Store).selectSignal(selectUser);
  readonly documents = toSignal(inject(DataService).find$<MedicalDocument>('documents'));
  private readonly names = toSignal(patientNames$(), { initialValue: new Map<string, string>() });

  readonly patients = computed(() => {
    const own = this.user()?.id;
    const byPatient = new Map<string, MedicalDocument[]>();
    for (const document of this.documents() ?? []) {
      if (document.patientId === own) continue;
      byPatient.set(document.patientId, [...(byPatient.get(document.patientId) ?? []), document]);
    }
    return [...byPatient.entries()]
      .map(([id, documents]) => {
        const toReview = documents.filter((d) => !d.reviewedAt && !isServerDocumentType(d.type)).length;
        const parts = [this.text.plural('documents.documentCount', documents.length)];
        if (toReview > 0) parts.push(this.text.t('documents.toReview', { count: toReview }));
        return { id, name: this.names().get(id) ?? '', summary: parts.join(' · '), toReview };
      })
      .sort((a, b) => b.toReview - a.toReview || a.name.localeCompare(b.name, 'ru'));
  });
}
