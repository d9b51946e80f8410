import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { CdkFixedSizeVirtualScroll, CdkVirtualForOf, CdkVirtualScrollViewport } from '@angular/cdk/scrolling';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatIcon } from '@angular/material/icon';
import { MatListItem, MatListItemIcon, MatListItemLine, MatListItemTitle, MatNavList } from '@angular/material/list';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { DataService, selectUser } from '@oblako/shell-kit';
import { deviceDocuments$ } from './lists/device-documents';
import { summarizeByPatient } from './lists/patient-summaries';
import { OfflineStoragePanelComponent } from './offline-storage-panel.component';
import { patientNames$ } from './patient-names';
import { DocumentsText, DocumentsTextPipe } from './text';

/** A two-line Material list item. */
const ROW_HEIGHT = 64;
/** Up to this many rows the list is as tall as its rows; longer lists scroll inside it. */
const ROWS_WITHOUT_SCROLL = 8;

/**
 * The patients whose documents this doctor (or manager) may read — exactly what replication
 * brought to the device — with how many documents still wait for review. Thousands of
 * documents are counted in one pass, and only the rows in view are drawn.
 */
@Component({
  selector: 'ob-patients-documents',
  imports: [
    CdkVirtualScrollViewport, CdkFixedSizeVirtualScroll, CdkVirtualForOf,
    MatNavList, MatListItem, MatListItemIcon, MatListItemTitle, MatListItemLine, MatIcon, RouterLink, DocumentsTextPipe, OfflineStoragePanelComponent,
  ],
  template: `
    <h1 class="page-title">{{ 'documents.patients.title' | t }}</h1>
    <ob-offline-storage-panel />
    @if (documents() === undefined) {
      <p>{{ 'common.loading' | t }}</p>
    } @else if (patients().length === 0) {
      <p class="empty" data-testid="no-patient-documents">{{ 'documents.patients.none' | t }}</p>
    } @else {
      <p class="count" data-testid="patient-count">{{ countLine() }}</p>
      <mat-nav-list class="list" [attr.aria-label]="'documents.patients.title' | t">
        <cdk-virtual-scroll-viewport [itemSize]="rowHeight" [style.height.px]="viewportHeight()" minBufferPx="400" maxBufferPx="800">
          <a
            *cdkVirtualFor="let patient of patients(); trackBy: byPatient"
            mat-list-item
            [routerLink]="['/documents/patients', patient.patientId]"
            data-testid="patient-documents-row"
          >
            <mat-icon matListItemIcon svgIcon="folder_open" />
            <span matListItemTitle>{{ patient.name || ('documents.patients.unnamed' | t) }}</span>
            <span matListItemLine>{{ patient.summary }}</span>
          </a>
        </cdk-virtual-scroll-viewport>
      </mat-nav-list>
    }
  `,
  styles: `
    :host { display: grid; gap: 16px; }
    .page-title { margin-bottom: 0; }
    .count { margin: 0 0 -8px; font: var(--mat-sys-label-large); color: var(--mat-sys-on-surface-variant); }
    .list { border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; padding: 0; background: var(--mat-sys-surface-container-lowest); overflow: hidden; }
    .list a { height: ${ROW_HEIGHT}px; }
    .empty { color: var(--mat-sys-on-surface-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientsDocumentsPage {
  private readonly text = inject(DocumentsText);
  private readonly user = inject(Store).selectSignal(selectUser);
  readonly documents = toSignal(deviceDocuments$(inject(DataService)));
  private readonly names = toSignal(patientNames$(), { initialValue: new Map<string, string>() });
  readonly rowHeight = ROW_HEIGHT;

  readonly patients = computed(() => {
    const names = this.names();
    return summarizeByPatient(this.documents() ?? [], this.user()?.id, (id) => names.get(id) ?? '').map((summary) => {
      const parts = [this.text.plural('documents.documentCount', summary.documents)];
      if (summary.toReview > 0) parts.push(this.text.t('documents.toReview', { count: summary.toReview }));
      return { patientId: summary.patientId, name: names.get(summary.patientId) ?? '', summary: parts.join(' · ') };
    });
  });
  readonly countLine = computed(() => this.text.plural('documents.patients.count', this.patients().length));
  readonly viewportHeight = computed(() => Math.min(this.patients().length, ROWS_WITHOUT_SCROLL) * ROW_HEIGHT);

  readonly byPatient = (_: number, patient: { patientId: string }) => patient.patientId;
}
