import { BreakpointObserver } from '@angular/cdk/layout';
import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, input, signal, untracked } from '@angular/core';
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
import { ApiCallError, TranslatePipe, TranslationService, selectOnline } from '@oblako/shell-kit';
import { TranslatedPaginatorIntl } from '@oblako/shell-kit/paginator';
import { firstValueFrom, map } from 'rxjs';
import type { StageRow, StagesPage as StagesPageData } from '../../api';
import { specialtyLabel } from '../../specialties';
import { ViewerZone } from '../shared/viewer-zone.service';
import { registerManagerIcons } from './icons';
import { ManagerConsultationsApi } from './manager-api';
import { ReassignDialogComponent, type ReassignOutcome } from './reassign-dialog.component';
import { TextDialogComponent, type TextDialogData } from '../shared/text-dialog.component';
import { STAGE_SORTS, canCancel, canReassign, isOverdue, isWaiting, needsAttention, waitedParts, type StageSort } from './stage-view';

const WIDE_COLUMNS = ['patient', 'region', 'stage', 'doctor', 'waited', 'slot', 'actions'];
/** Waiting before a search is applied, so typing does not re-filter per letter. */
const SEARCH_DELAY_MS = 250;

/**
 * «Пациенты по этапам»: every patient's stage (registered → documents → ready → taken →
 * scheduled → done/cancelled), how long since the documents were ready against the 2–4 day
 * promise (overdue rows say so in words, not only in red), the booked time in the manager's
 * zone, «Передать другому врачу» and «Отменить консультацию». The server filters, sorts and
 * pages the list (a manager's device holds no patient data), so it works online only and says so.
 */
@Component({
  selector: 'ob-stages-page',
  imports: [
    MatTable, MatColumnDef, MatHeaderCell, MatHeaderCellDef, MatCell, MatCellDef, MatHeaderRow, MatHeaderRowDef, MatRow, MatRowDef, MatNoDataRow,
    MatPaginator, MatButton, MatIconButton, MatTooltip, MatIcon, MatChipListbox, MatChipOption, MatSlideToggle, MatFormField, MatLabel, MatPrefix, MatInput, MatSelect,
    MatOption, MatProgressBar, RouterLink, NgTemplateOutlet, TranslatePipe,
  ],
  providers: [{ provide: MatPaginatorIntl, useClass: TranslatedPaginatorIntl }],
  templateUrl: './stages.page.html',
  styleUrl: './stages.page.css',
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

  /** The page on screen, as the server answered it. */
  readonly page = signal<StagesPageData | null>(null);
  readonly rows = computed(() => this.page()?.rows ?? []);
  readonly counts = computed(() => this.page()?.counts ?? null);
  /** Every patient (the chips' counts add up to it). */
  readonly everyone = computed(() => Object.values(this.counts() ?? {}).reduce((sum, count) => sum + count, 0));
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  readonly offline = computed(() => !this.online() && !this.loading());

  readonly stages = signal<PatientStage[]>([]);
  readonly overdueOnly = signal(false);
  readonly search = signal('');
  /** `?q=<name>`: a notification's «Открыть» lands on that patient's row (the manager has no consultation page). */
  // Absent from the URL, the router binds undefined.
  readonly q = input<string | undefined>(undefined);
  readonly sort = signal<StageSort>('waited');
  readonly pageSize = signal(25);
  readonly pageIndex = signal(0);
  /** The cursor each known page starts at (page 0: none): the paginator moves one page at a time. */
  private cursors: (string | undefined)[] = [undefined];

  readonly zoneName = computed(() => timeZoneName(this.viewerZone.zone(), this.i18n.language()));

  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  constructor() {
    registerManagerIcons();
    // Load at start, and again when the connection comes back after an offline start.
    effect(() => {
      if (this.online() && untracked(this.page) === null) {
        untracked(() => {
          const wanted = (this.q() ?? '').trim();
          if (wanted) this.search.set(wanted);
          void this.load();
        });
      }
    });
    inject(DestroyRef).onDestroy(() => {
      this.generation++;
      clearTimeout(this.searchTimer);
    });
  }

  readonly trackRow = (_index: number, row: StageRow): string => row.consultationId ?? row.patientId;

  /** Loads the page at `index` (its cursor known from the page before); the first page by default. */
  async load(index = this.pageIndex()): Promise<void> {
    const generation = ++this.generation;
    this.error.set(null);
    if (!this.online()) return;
    this.loading.set(true);
    try {
      const page = await this.api.stages({
        limit: this.pageSize(),
        cursor: this.cursors[index],
        search: this.search(),
        stages: this.stages().join(','),
        overdueOnly: this.overdueOnly(),
        sort: this.sort(),
      });
      if (generation !== this.generation) return;
      this.cursors[index + 1] = page.nextCursor;
      this.pageIndex.set(index);
      this.page.set(page);
    } catch (error) {
      if (generation !== this.generation) return;
      this.error.set(error instanceof ApiCallError ? error.message : this.i18n.t('error.internal'));
    } finally {
      if (generation === this.generation) this.loading.set(false);
    }
  }

  /** Refresh: the first page again with the same filter (other people changed the list meanwhile). */
  refresh(): Promise<void> {
    return this.restart();
  }

  private restart(): Promise<void> {
    this.cursors = [undefined];
    return this.load(0);
  }

  typed(value: string): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.setSearch(value), SEARCH_DELAY_MS);
  }

  setSearch(value: string): void {
    if (value.trim() === this.search().trim()) return;
    this.search.set(value);
    void this.restart();
  }

  setStages(stages: PatientStage[] | null | undefined): void {
    this.stages.set([...(stages ?? [])]);
    void this.restart();
  }

  setOverdueOnly(value: boolean): void {
    this.overdueOnly.set(value);
    void this.restart();
  }

  setSort(sort: StageSort): void {
    this.sort.set(sort);
    void this.restart();
  }

  onPage(event: PageEvent): void {
    if (event.pageSize !== this.pageSize()) {
      this.pageSize.set(event.pageSize);
      void this.restart();
      return;
    }
    // Only pages already reached or the next one have a known cursor; the paginator offers no jumps.
    const index = event.pageIndex < this.cursors.length ? event.pageIndex : this.cursors.length - 1;
    void this.load(index);
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

  cancellable(row: StageRow): boolean {
    return canCancel(row);
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

  async cancel(row: StageRow): Promise<void> {
    const ref = this.dialog.open<TextDialogComponent, TextDialogData, string>(TextDialogComponent, {
      data: { title: 'consultations.stages.cancel', label: 'consultations.stages.cancelReason', confirm: 'consultations.stages.cancel', required: true, maxLength: 1000 },
      maxWidth: 'calc(100vw - 32px)',
    });
    const reason = await firstValueFrom(ref.afterClosed());
    if (!reason || !row.consultationId) return;
    try {
      await this.api.cancel(row.consultationId, reason);
      this.snackBar.open(this.i18n.t('consultations.stages.cancelled', { name: row.patientName }), undefined, { duration: 4000 });
      await this.load();
    } catch (error) {
      this.snackBar.open(error instanceof ApiCallError ? error.message : this.i18n.t('error.internal'), undefined, { duration: 6000 });
    }
  }
}
