import { BreakpointObserver } from '@angular/cdk/layout';
import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatTooltip } from '@angular/material/tooltip';
import { MatChipListbox, MatChipOption } from '@angular/material/chips';
import { MatDialog } from '@angular/material/dialog';
import { MatFormField, MatLabel, MatPrefix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatPaginator, MatPaginatorIntl, type PageEvent } from '@angular/material/paginator';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import {
  MatCell, MatCellDef, MatColumnDef, MatHeaderCell, MatHeaderCellDef, MatHeaderRow, MatHeaderRowDef, MatNoDataRow, MatRow, MatRowDef, MatTable,
} from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { PATIENT_STAGES, formatInZone, formatPhone, timeZoneName, type PatientStage } from '@oblako/domain';
import { ApiCallError, TranslatePipe, TranslatedPaginatorIntl, TranslationService, selectOnline } from '@oblako/shell-kit';
import { firstValueFrom, map } from 'rxjs';
import type { StageRow } from '../../api';
import { specialtyLabel } from '../../specialties';
import { ViewerZone } from '../shared/viewer-zone.service';
import { registerManagerIcons } from './icons';
import { ManagerConsultationsApi } from './manager-api';
import { ReassignDialogComponent, type ReassignOutcome } from './reassign-dialog.component';
import { STAGE_SORTS, canReassign, filterStageRows, isOverdue, isWaiting, needsAttention, waitedParts, type StageSort } from './stage-view';

const WIDE_COLUMNS = ['patient', 'region', 'stage', 'doctor', 'waited', 'slot', 'actions'];
/** Waiting before a search is applied, so typing does not re-filter per letter. */
const SEARCH_DELAY_MS = 250;

/**
 * «Пациенты по этапам»: every patient's stage (registered → documents → ready → taken →
 * scheduled → done/cancelled), how long since the documents were ready against the 2–4 day
 * promise (overdue rows say so in words, not only in red), the booked time in the manager's
 * zone, and «Передать другому врачу». The list is the server's whole view: it needs the network.
 */
@Component({
  selector: 'ob-stages-page',
  imports: [
    MatTable, MatColumnDef, MatHeaderCell, MatHeaderCellDef, MatCell, MatCellDef, MatHeaderRow, MatHeaderRowDef, MatRow, MatRowDef, MatNoDataRow,
    MatPaginator, MatButton, MatIconButton, MatTooltip, MatIcon, MatChipListbox, MatChipOption, MatSlideToggle, MatFormField, MatLabel, MatPrefix, MatInput, MatSelect,
    MatOption, MatProgressBar, RouterLink, NgTemplateOutlet, TranslatePipe,
  ],
  providers: [{ provide: MatPaginatorIntl, useClass: TranslatedPaginatorIntl }],
  template: `
    <div class="head">
      <h1 class="page-title">{{ 'consultations.stages.title' | t }}</h1>
      <button mat-stroked-button type="button" (click)="load()" [disabled]="loading()" data-testid="stages-refresh">
        <mat-icon svgIcon="refresh" />{{ 'consultations.stages.refresh' | t }}
      </button>
    </div>
    <p class="hint">{{ 'consultations.stages.promiseHint' | t }} {{ 'consultations.stages.slotIn' | t: { zone: zoneName() } }}</p>

    <div class="filters">
      <mat-chip-listbox multiple [attr.aria-label]="'consultations.stages.filterStages' | t" (change)="setStages($event.value)" data-testid="stage-filter">
        @for (stage of allStages; track stage) {
          <mat-chip-option [value]="stage" [selected]="stages().includes(stage)" [attr.data-stage]="stage">
            {{ 'consultations.stages.stage.' + stage | t }} ({{ stageCounts()[stage] }})
          </mat-chip-option>
        }
      </mat-chip-listbox>
      <div class="filter-line">
        <mat-form-field appearance="outline" class="search" subscriptSizing="dynamic">
          <mat-label>{{ 'consultations.stages.search' | t }}</mat-label>
          <mat-icon matPrefix svgIcon="search" />
          <input matInput type="search" autocomplete="off" (input)="typed($any($event.target).value)" data-testid="stages-search" />
        </mat-form-field>
        <mat-form-field appearance="outline" class="sort" subscriptSizing="dynamic">
          <mat-label>{{ 'consultations.stages.sort' | t }}</mat-label>
          <mat-select [value]="sort()" (valueChange)="setSort($event)" data-testid="stages-sort">
            @for (option of sorts; track option) {
              <mat-option [value]="option">{{ 'consultations.stages.sort.' + option | t }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-slide-toggle [checked]="overdueOnly()" (change)="setOverdueOnly($event.checked)" data-testid="overdue-only">
          {{ 'consultations.stages.overdueOnly' | t }} ({{ overdueCount() }})
        </mat-slide-toggle>
      </div>
    </div>

    @if (loading()) {
      <mat-progress-bar mode="indeterminate" data-testid="stages-loading" />
    }
    @if (offline()) {
      <p class="offline" role="status" data-testid="stages-offline"><mat-icon svgIcon="cloud_off" />{{ 'consultations.stages.offline' | t }}</p>
    }
    @if (error(); as message) {
      <p class="problem" role="alert" data-testid="stages-error">{{ message }}</p>
    }

    @if (loaded()) {
      <p class="count" data-testid="stages-count">{{ 'consultations.stages.count' | t: { shown: shown().length, total: rows().length } }}</p>
      @if (handset()) {
        <ul class="cards">
          @for (row of pageRows(); track trackRow($index, row)) {
            <li class="card" [class.overdue]="overdue(row)" [class.attention]="attention(row)" data-testid="stage-row" [attr.data-patient-id]="row.patientId">
              <div class="card-head">
                <div class="who">
                  <div class="name">{{ row.patientName }}</div>
                  <div class="meta">{{ phone(row.phone) }}</div>
                  <div class="meta">{{ region(row) }}</div>
                </div>
                <ng-container [ngTemplateOutlet]="stageChip" [ngTemplateOutletContext]="{ $implicit: row }" />
              </div>
              <div class="meta">{{ specialty(row) }} · {{ row.doctorName || ('consultations.stages.noDoctor' | t) }}</div>
              <ng-container [ngTemplateOutlet]="waited" [ngTemplateOutletContext]="{ $implicit: row }" />
              <ng-container [ngTemplateOutlet]="slot" [ngTemplateOutletContext]="{ $implicit: row }" />
              <ng-container [ngTemplateOutlet]="actions" [ngTemplateOutletContext]="{ $implicit: row }" />
            </li>
          } @empty {
            <li class="empty">{{ 'consultations.stages.none' | t }}</li>
          }
        </ul>
      } @else {
        <div class="table-box">
          <table mat-table [dataSource]="pageRows()" [trackBy]="trackRow" class="rows" data-testid="stages-table">
            <ng-container matColumnDef="patient">
              <th mat-header-cell *matHeaderCellDef>{{ 'consultations.stages.col.patient' | t }}</th>
              <td mat-cell *matCellDef="let row">
                <div class="name">{{ row.patientName }}</div>
                <div class="meta nowrap">{{ phone(row.phone) }}</div>
              </td>
            </ng-container>
            <ng-container matColumnDef="region">
              <th mat-header-cell *matHeaderCellDef>{{ 'consultations.stages.col.region' | t }}</th>
              <td mat-cell *matCellDef="let row">{{ region(row) }}</td>
            </ng-container>
            <ng-container matColumnDef="stage">
              <th mat-header-cell *matHeaderCellDef>{{ 'consultations.stages.col.stage' | t }}</th>
              <td mat-cell *matCellDef="let row">
                <ng-container [ngTemplateOutlet]="stageChip" [ngTemplateOutletContext]="{ $implicit: row }" />
                <div class="meta">{{ specialty(row) }}</div>
              </td>
            </ng-container>
            <ng-container matColumnDef="doctor">
              <th mat-header-cell *matHeaderCellDef>{{ 'consultations.stages.col.doctor' | t }}</th>
              <td mat-cell *matCellDef="let row" [class.muted]="!row.doctorName">{{ row.doctorName || ('consultations.stages.noDoctor' | t) }}</td>
            </ng-container>
            <ng-container matColumnDef="waited">
              <th mat-header-cell *matHeaderCellDef>{{ 'consultations.stages.col.waited' | t }}</th>
              <td mat-cell *matCellDef="let row"><ng-container [ngTemplateOutlet]="waited" [ngTemplateOutletContext]="{ $implicit: row }" /></td>
            </ng-container>
            <ng-container matColumnDef="slot">
              <th mat-header-cell *matHeaderCellDef>{{ 'consultations.stages.col.slot' | t }}</th>
              <td mat-cell *matCellDef="let row"><ng-container [ngTemplateOutlet]="slot" [ngTemplateOutletContext]="{ $implicit: row }" /></td>
            </ng-container>
            <ng-container matColumnDef="actions">
              <th mat-header-cell *matHeaderCellDef class="sr-only">{{ 'consultations.stages.col.actions' | t }}</th>
              <td mat-cell *matCellDef="let row"><ng-container [ngTemplateOutlet]="actions" [ngTemplateOutletContext]="{ $implicit: row, compact: true }" /></td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="columns"></tr>
            <tr mat-row *matRowDef="let row; columns: columns" [class.overdue]="overdue(row)" [class.attention]="attention(row)"
              data-testid="stage-row" [attr.data-patient-id]="row.patientId"></tr>
            <tr class="mat-mdc-row" *matNoDataRow>
              <td class="empty" [attr.colspan]="columns.length">{{ 'consultations.stages.none' | t }}</td>
            </tr>
          </table>
        </div>
      }
      <mat-paginator [length]="shown().length" [pageIndex]="pageIndex()" [pageSize]="pageSize()" [pageSizeOptions]="[25, 50, 100]"
        [hidePageSize]="handset()" (page)="onPage($event)" />
    }

    <ng-template #stageChip let-row>
      <span [class]="'stage stage--' + row.stage" data-testid="stage-label">{{ 'consultations.stages.stage.' + row.stage | t }}</span>
    </ng-template>
    <ng-template #waited let-row>
      <div class="waited" data-testid="stage-waited">
        @if (row.waitedMs === null) {
          <span class="muted">{{ 'consultations.stages.notReady' | t }}</span>
        } @else {
          <span>{{ waitedText(row) }}</span>
          @if (overdue(row)) {
            <span class="promise promise--overdue" data-testid="promise-overdue"><mat-icon svgIcon="error" />{{ 'consultations.stages.promise.overdue' | t: { days: days(row) } }}</span>
          } @else if (attention(row)) {
            <span class="promise promise--attention" data-testid="promise-attention"><mat-icon svgIcon="warning" />{{ 'consultations.stages.promise.attention' | t: { days: days(row) } }}</span>
          }
        }
      </div>
    </ng-template>
    <ng-template #slot let-row>
      @if (row.slotStart) {
        <div class="slot" data-testid="stage-slot"><mat-icon svgIcon="schedule" />{{ slotText(row.slotStart) }}</div>
      } @else {
        <div class="meta">{{ 'consultations.stages.noSlot' | t }}</div>
      }
    </ng-template>
    <ng-template #actions let-row let-compact="compact">
      <div class="row-actions">
        @if (row.consultationId) {
          @if (compact) {
            <a mat-icon-button [routerLink]="['/consultations/c', row.consultationId]" data-testid="stage-open"
              [matTooltip]="'consultations.stages.open' | t" [attr.aria-label]="'consultations.stages.open' | t">
              <mat-icon svgIcon="open_in_new" />
            </a>
          } @else {
            <a mat-stroked-button [routerLink]="['/consultations/c', row.consultationId]" data-testid="stage-open">
              <mat-icon svgIcon="open_in_new" />{{ 'consultations.stages.open' | t }}
            </a>
          }
        }
        <!-- What was sent to the patient and how (modules/push). -->
        @if (compact) {
          <a mat-icon-button [routerLink]="['/push/deliveries', row.patientId]" data-testid="stage-deliveries"
            [matTooltip]="'push.log.open' | t" [attr.aria-label]="'push.log.open' | t">
            <mat-icon svgIcon="notifications" />
          </a>
        } @else {
          <a mat-button [routerLink]="['/push/deliveries', row.patientId]" data-testid="stage-deliveries">
            <mat-icon svgIcon="notifications" />{{ 'push.log.open' | t }}
          </a>
        }
        @if (reassignable(row)) {
          @if (compact) {
            <button mat-icon-button type="button" (click)="reassign(row)" [disabled]="!online()" data-testid="stage-reassign"
              [matTooltip]="'consultations.stages.reassign' | t" [attr.aria-label]="'consultations.stages.reassign' | t">
              <mat-icon svgIcon="swap_horiz" />
            </button>
          } @else {
            <button mat-stroked-button type="button" (click)="reassign(row)" [disabled]="!online()" data-testid="stage-reassign">
              <mat-icon svgIcon="swap_horiz" />{{ 'consultations.stages.reassign' | t }}
            </button>
          }
        }
      </div>
    </ng-template>
  `,
  styles: `
    :host { display: grid; gap: 12px; }
    .head { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 8px; }
    .head .page-title { margin: 4px 0; }
    button, a[mat-stroked-button] { min-height: 44px; }
    .hint, .count { margin: 0; font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
    .filters { display: grid; gap: 8px; }
    .filter-line { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; }
    .search { flex: 1 1 260px; max-width: 420px; }
    .sort { flex: 0 1 200px; }
    .table-box { border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; overflow-x: auto; }
    .rows { width: 100%; }
    td.mat-mdc-cell, th.mat-mdc-header-cell { padding: 8px 10px; vertical-align: top; }
    th.mat-mdc-header-cell { font: var(--mat-sys-label-large); }
    tr.attention td { background: #fff6e0; }
    tr.overdue td { background: var(--mat-sys-error-container); }
    tr.overdue td:first-child, .card.overdue { box-shadow: inset 4px 0 0 var(--mat-sys-error); }
    tr.attention td:first-child, .card.attention { box-shadow: inset 4px 0 0 #b26a00; }
    .name { font: var(--mat-sys-title-small); }
    .meta, .muted { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .nowrap { white-space: nowrap; }
    .stage { display: inline-block; padding: 2px 10px; border-radius: 12px; font: var(--mat-sys-label-medium); background: var(--mat-sys-surface-container-highest); white-space: nowrap; }
    .stage--ready { background: #dbe8ff; color: #0b3a8c; }
    .stage--taken { background: #e8defa; color: #3d1e75; }
    .stage--scheduled { background: #d7f3dc; color: #0b5120; }
    .stage--in_progress { background: #fde7c8; color: #6b3a00; }
    .stage--done { background: #cfe9e5; color: #0c4a43; }
    .stage--cancelled { background: var(--mat-sys-surface-container-high); color: var(--mat-sys-on-surface-variant); text-decoration: line-through; }
    .waited { display: grid; gap: 4px; justify-items: start; }
    .promise { display: inline-flex; align-items: center; gap: 4px; padding: 2px 8px; border-radius: 8px; font: var(--mat-sys-label-medium); }
    .promise mat-icon, .slot mat-icon, .offline mat-icon { width: 18px; height: 18px; flex: none; }
    .promise--overdue { background: var(--mat-sys-error); color: var(--mat-sys-on-error); }
    .promise--attention { background: #ffe7b8; color: #5c3b00; }
    .slot { display: flex; gap: 4px; align-items: flex-start; font: var(--mat-sys-body-medium); }
    .row-actions { display: flex; flex-wrap: wrap; gap: 8px; }
    td .row-actions { flex-wrap: nowrap; gap: 0; }
    .cards { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
    .card { display: grid; gap: 8px; padding: 12px 16px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; background: var(--mat-sys-surface-container-lowest); }
    .card.overdue { background: var(--mat-sys-error-container); }
    .card.attention { background: #fff6e0; }
    .card-head { display: flex; justify-content: space-between; align-items: flex-start; gap: 8px; }
    .card .row-actions > * { flex: 1 1 140px; }
    .offline { display: flex; gap: 8px; align-items: center; margin: 0; padding: 12px; border-radius: 8px; background: #fff3d6; color: #5c3b00; }
    .problem { margin: 0; padding: 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .empty { padding: 24px; text-align: center; color: var(--mat-sys-on-surface-variant); }
    .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StagesPage {
  private readonly api = inject(ManagerConsultationsApi);
  private readonly i18n = inject(TranslationService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly viewerZone = inject(ViewerZone);
  readonly online = inject(Store).selectSignal(selectOnline);
  readonly handset = toSignal(inject(BreakpointObserver).observe('(max-width: 719.98px)').pipe(map((state) => state.matches)), { initialValue: false });

  readonly allStages = PATIENT_STAGES;
  readonly sorts = STAGE_SORTS;
  readonly columns = WIDE_COLUMNS;

  readonly rows = signal<StageRow[]>([]);
  readonly loaded = signal(false);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  readonly offline = computed(() => !this.online() && !this.loading());

  readonly stages = signal<PatientStage[]>([]);
  readonly overdueOnly = signal(false);
  readonly search = signal('');
  readonly sort = signal<StageSort>('waited');
  readonly pageSize = signal(25);
  private readonly requestedPage = signal(0);

  readonly shown = computed(() =>
    filterStageRows(this.rows(), { stages: this.stages(), overdueOnly: this.overdueOnly(), search: this.search(), sort: this.sort() }),
  );
  readonly pageIndex = computed(() => Math.min(this.requestedPage(), Math.max(0, Math.ceil(this.shown().length / this.pageSize()) - 1)));
  readonly pageRows = computed(() => this.shown().slice(this.pageIndex() * this.pageSize(), (this.pageIndex() + 1) * this.pageSize()));
  readonly stageCounts = computed(() => {
    const counts = Object.fromEntries(PATIENT_STAGES.map((stage) => [stage, 0])) as Record<PatientStage, number>;
    for (const row of this.rows()) counts[row.stage]++;
    return counts;
  });
  readonly overdueCount = computed(() => this.rows().filter(isOverdue).length);
  readonly zoneName = computed(() => timeZoneName(this.viewerZone.zone(), this.i18n.language()));

  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  constructor() {
    registerManagerIcons();
    // Load at start, and again when the connection comes back after an offline start.
    effect(() => {
      if (this.online() && !untracked(this.loaded)) untracked(() => void this.load());
    });
    inject(DestroyRef).onDestroy(() => {
      this.generation++;
      clearTimeout(this.searchTimer);
    });
  }

  readonly trackRow = (_index: number, row: StageRow): string => row.consultationId ?? row.patientId;

  async load(): Promise<void> {
    const generation = ++this.generation;
    this.error.set(null);
    if (!this.online()) return;
    this.loading.set(true);
    try {
      const rows = await this.api.stages();
      if (generation !== this.generation) return;
      this.rows.set(rows);
      this.loaded.set(true);
    } catch (error) {
      if (generation !== this.generation) return;
      this.error.set(error instanceof ApiCallError ? error.message : this.i18n.t('error.internal'));
    } finally {
      if (generation === this.generation) this.loading.set(false);
    }
  }

  typed(value: string): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.setSearch(value), SEARCH_DELAY_MS);
  }

  setSearch(value: string): void {
    this.search.set(value);
    this.requestedPage.set(0);
  }

  setStages(stages: PatientStage[] | null | undefined): void {
    this.stages.set([...(stages ?? [])]);
    this.requestedPage.set(0);
  }

  setOverdueOnly(value: boolean): void {
    this.overdueOnly.set(value);
    this.requestedPage.set(0);
  }

  setSort(sort: StageSort): void {
    this.sort.set(sort);
    this.requestedPage.set(0);
  }

  onPage(event: PageEvent): void {
    this.pageSize.set(event.pageSize);
    this.requestedPage.set(event.pageIndex);
  }

  overdue(row: StageRow): boolean {
    return isOverdue(row);
  }

  attention(row: StageRow): boolean {
    return needsAttention(row);
  }

  reassignable(row: StageRow): boolean {
    return canReassign(row);
  }

  phone(value: string): string {
    return value.startsWith('+') ? formatPhone(value) : value;
  }

  region(row: StageRow): string {
    const zone = row.timeZone ? timeZoneName(row.timeZone, this.i18n.language()) : '';
    return [row.region, zone].filter((part) => part !== '').join(' · ') || '—';
  }

  specialty(row: StageRow): string {
    return row.specialty ? specialtyLabel(row.specialty, this.i18n.language()) : this.i18n.t('consultations.stages.noSpecialty');
  }

  days(row: StageRow): number {
    return waitedParts(row.waitedMs ?? 0).days;
  }

  waitedText(row: StageRow): string {
    const { days, hours } = waitedParts(row.waitedMs ?? 0);
    const time =
      days > 0
        ? this.i18n.t(hours > 0 ? 'consultations.stages.daysHours' : 'consultations.stages.days', { days, hours })
        : hours > 0
          ? this.i18n.t('consultations.stages.hours', { hours })
          : this.i18n.t('consultations.stages.lessThanHour');
    return this.i18n.t(isWaiting(row) ? 'consultations.stages.waited' : 'consultations.stages.waitedUntilBooked', { time });
  }

  slotText(start: string): string {
    try {
      return formatInZone(start, this.viewerZone.zone(), this.i18n.language());
    } catch {
      return start;
    }
  }

  async reassign(row: StageRow): Promise<void> {
    const ref = this.dialog.open<ReassignDialogComponent, StageRow, ReassignOutcome>(ReassignDialogComponent, {
      data: row,
      width: '560px',
      maxWidth: 'calc(100vw - 32px)',
      autoFocus: 'dialog',
    });
    const outcome = await firstValueFrom(ref.afterClosed());
    if (!outcome) return;
    this.snackBar.open(this.i18n.t('consultations.stages.reassigned', { name: outcome.doctorName }), undefined, { duration: 4000 });
    await this.load();
  }
}
