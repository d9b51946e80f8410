import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, output } from '@angular/core';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatPaginator, type PageEvent } from '@angular/material/paginator';
import {
  MatCell, MatCellDef, MatColumnDef, MatHeaderCell, MatHeaderCellDef, MatHeaderRow, MatHeaderRowDef, MatNoDataRow, MatRow, MatRowDef, MatTable,
} from '@angular/material/table';
import { RUSSIAN_TIME_ZONES, formatPhone } from '@oblako/domain';
import { TranslatePipe, TranslationService } from '@oblako/shell-kit';
import { formatBirthDate } from './files';
import type { RowFilter, RowView } from './preview-selection';

export interface ExclusionChange {
  rowId: string;
  excluded: boolean;
}

const WIDE_COLUMNS = ['exclude', 'position', 'person', 'phone', 'referral', 'status'];
/** On a phone the status and reasons go under the person: the text gets the whole width. */
const NARROW_COLUMNS = ['exclude', 'person'];

/**
 * The rows of a preview, a page at a time (5,000 rows stay responsive: only one page is in the
 * DOM), with the status and the reasons in words, and a checkbox to leave a row out.
 */
@Component({
  selector: 'ob-preview-table',
  imports: [
    MatTable, MatColumnDef, MatHeaderCell, MatHeaderCellDef, MatCell, MatCellDef, MatHeaderRow, MatHeaderRowDef, MatRow, MatRowDef, MatNoDataRow,
    MatPaginator, MatCheckbox, NgTemplateOutlet, TranslatePipe,
  ],
  template: `
    <div class="scroll">
      <table mat-table [dataSource]="pageRows()" [trackBy]="trackRow" class="rows" data-testid="preview-table">
        <ng-container matColumnDef="exclude">
          <th mat-header-cell *matHeaderCellDef class="col-exclude" [class.narrow]="narrow()">{{ 'admin.import.exclude' | t }}</th>
          <td mat-cell *matCellDef="let view" class="col-exclude">
            <mat-checkbox [checked]="view.outcome === 'excluded'" (change)="toggle.emit({ rowId: view.row.rowId, excluded: $event.checked })"
              [aria-label]="('admin.import.exclude' | t) + ': ' + ('admin.import.rowLabel' | t: { row: view.row.rowNumber, sheet: view.row.sheet })"
              data-testid="exclude-row" />
          </td>
        </ng-container>
        <ng-container matColumnDef="position">
          <th mat-header-cell *matHeaderCellDef>{{ 'admin.import.position' | t }}</th>
          <td mat-cell *matCellDef="let view">
            <div class="sheet">{{ view.row.sheet }}</div>
            <div class="number">{{ view.row.rowNumber }}</div>
          </td>
        </ng-container>
        <ng-container matColumnDef="person">
          <th mat-header-cell *matHeaderCellDef>{{ 'admin.import.person' | t }}</th>
          <td mat-cell *matCellDef="let view">
            <div class="name" [class.bad]="wrong(view, 'fullName')" data-testid="row-name">{{ view.row.values.fullName || view.row.raw.fullName || '—' }}</div>
            <div class="meta" [class.bad]="wrong(view, 'birthDate')" data-testid="row-birth-date">{{ birthDate(view) }}</div>
            @if (view.row.values.region) {
              <!-- The zone the patient's times will be shown in: the region's, or Moscow when it is not recognised (the warning says so). -->
              <div class="meta" [class.unsure]="!view.row.values.timeZone" data-testid="row-region">{{ place(view) }}</div>
            }
            @if (narrow()) {
              <div class="meta nowrap" [class.bad]="wrong(view, 'phone')">{{ phone(view) }}</div>
              @if (view.row.values.icd10 || view.row.values.diagnosis) {
                <div class="diagnosis" data-testid="row-diagnosis">
                  @if (view.row.values.icd10) { <b>{{ view.row.values.icd10 }}</b> }
                  {{ view.row.values.diagnosis }}
                </div>
              }
              <div class="meta">{{ 'admin.import.rowLabel' | t: { row: view.row.rowNumber, sheet: view.row.sheet } }}</div>
              <div class="status-under" data-testid="row-status">
                <ng-container [ngTemplateOutlet]="status" [ngTemplateOutletContext]="{ $implicit: view }" />
              </div>
            }
          </td>
        </ng-container>
        <ng-container matColumnDef="phone">
          <th mat-header-cell *matHeaderCellDef>{{ 'admin.field.phone' | t }}</th>
          <td mat-cell *matCellDef="let view" class="nowrap" [class.bad]="wrong(view, 'phone')">{{ phone(view) }}</td>
        </ng-container>
        <ng-container matColumnDef="referral">
          <th mat-header-cell *matHeaderCellDef>{{ 'admin.import.referral' | t }}</th>
          <td mat-cell *matCellDef="let view">
            <div>
              @if (view.row.values.icd10) { <b>{{ view.row.values.icd10 }}</b> }
              {{ view.row.values.diagnosis }}
            </div>
            <div class="meta">{{ view.row.values.referringOrganization }}</div>
          </td>
        </ng-container>
        <ng-container matColumnDef="status">
          <th mat-header-cell *matHeaderCellDef>{{ 'admin.import.status' | t }}</th>
          <td mat-cell *matCellDef="let view" data-testid="row-status">
            <ng-container [ngTemplateOutlet]="status" [ngTemplateOutletContext]="{ $implicit: view }" />
          </td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns()"></tr>
        <tr mat-row *matRowDef="let view; columns: columns()" [class.excluded]="view.outcome === 'excluded'" data-testid="preview-row"></tr>
        <tr class="mat-mdc-row" *matNoDataRow>
          <td class="empty" [attr.colspan]="columns().length">{{ 'admin.import.noRows' | t }}</td>
        </tr>
      </table>
    </div>
    <ng-template #status let-view>
      <span [class]="'badge badge--' + (view.outcome === 'excluded' ? 'excluded' : view.status)">
        {{ (view.outcome === 'excluded' ? 'admin.import.outcome.excluded' : 'admin.import.status.' + view.status) | t }}
      </span>
      @if (view.outcome !== 'excluded') {
        <span class="outcome">{{ 'admin.import.outcome.' + view.outcome | t }}</span>
      }
      @if (view.issues.length > 0) {
        <ul class="issues">
          @for (issue of view.issues; track $index) {
            <li [class]="'issue issue--' + issue.severity">{{ issue.message }}</li>
          }
        </ul>
      }
    </ng-template>
    <mat-paginator [length]="views().length" [pageIndex]="pageIndex()" [pageSize]="pageSize()" [pageSizeOptions]="[25, 50, 100, 200]"
      (page)="onPage($event)" [hidePageSize]="narrow()" />
  `,
  styles: `
    :host { display: block; border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; overflow: hidden; }
    .scroll { overflow-x: auto; }
    .rows { width: 100%; }
    td.mat-mdc-cell, th.mat-mdc-header-cell { padding: 8px 10px; vertical-align: top; }
    th.mat-mdc-header-cell { font: var(--mat-sys-label-large); }
    .col-exclude { width: 56px; padding-left: 4px !important; }
    th.col-exclude.narrow { font: var(--mat-sys-label-small); }
    .status-under { margin-top: 6px; }
    .sheet, .meta { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .number { font: var(--mat-sys-title-small); }
    .name { font: var(--mat-sys-title-small); }
    .nowrap { white-space: nowrap; }
    .diagnosis { font: var(--mat-sys-body-small); margin-top: 2px; }
    .bad { color: var(--mat-sys-error); }
    .unsure { color: #7a4f00; }
    .badge { display: inline-block; padding: 2px 8px; border-radius: 8px; font: var(--mat-sys-label-medium); margin-right: 6px; }
    .badge--valid { background: #d7f3dc; color: #0b5120; }
    .badge--warning { background: #ffe7b8; color: #5c3b00; }
    .badge--error { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .badge--excluded { background: var(--mat-sys-surface-container-highest); color: var(--mat-sys-on-surface-variant); }
    .outcome { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .issues { margin: 4px 0 0; padding-left: 18px; font: var(--mat-sys-body-small); }
    .issue--error { color: var(--mat-sys-error); }
    .issue--warning { color: #7a4f00; }
    .issue--info { color: var(--mat-sys-on-surface-variant); }
    tr.excluded td:not(.col-exclude) { opacity: 0.55; }
    .empty { padding: 24px; text-align: center; color: var(--mat-sys-on-surface-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PreviewTableComponent {
  private readonly i18n = inject(TranslationService);
  readonly views = input.required<readonly RowView[]>();
  /** The page goes back to the first one when the filter changes (not when a row is excluded). */
  readonly filter = input<RowFilter>('all');
  readonly narrow = input(false);
  readonly toggle = output<ExclusionChange>();

  readonly pageSize = linkedSignal<boolean, number>({ source: this.narrow, computation: (narrow, previous) => previous?.value ?? (narrow ? 25 : 50) });
  private readonly requestedPage = linkedSignal<RowFilter, number>({ source: this.filter, computation: () => 0 });
  readonly pageIndex = computed(() => Math.min(this.requestedPage(), Math.max(0, Math.ceil(this.views().length / this.pageSize()) - 1)));
  readonly pageRows = computed(() => {
    const start = this.pageIndex() * this.pageSize();
    return this.views().slice(start, start + this.pageSize());
  });
  readonly columns = computed(() => (this.narrow() ? NARROW_COLUMNS : WIDE_COLUMNS));

  readonly trackRow = (_index: number, view: RowView) => view.row.rowId;

  onPage(event: PageEvent): void {
    this.pageSize.set(event.pageSize);
    this.requestedPage.set(event.pageIndex);
  }

  phone(view: RowView): string {
    return view.row.values.phone ? formatPhone(view.row.values.phone) : (view.row.raw.phone ?? '—');
  }

  /** A cell the manager must fix: highlighted, as the row's error names it. */
  wrong(view: RowView, field: 'fullName' | 'phone' | 'birthDate'): boolean {
    return view.issues.some((issue) => issue.severity === 'error' && issue.field === field);
  }

  /** «Приморский край · Владивосток (МСК+7)»; an unrecognised region as written, with a question mark. */
  place(view: RowView): string {
    const { region, timeZone } = view.row.values;
    const zone = RUSSIAN_TIME_ZONES.find((candidate) => candidate.id === timeZone);
    if (!zone) return `${region} · ${this.i18n.t('admin.import.regionUnknown')}`;
    return `${region} · ${this.i18n.language() === 'en' ? zone.en : zone.ru}`;
  }

  birthDate(view: RowView): string {
    return view.row.values.birthDate ? formatBirthDate(view.row.values.birthDate) : (view.row.raw.birthDate ?? '');
  }
}
