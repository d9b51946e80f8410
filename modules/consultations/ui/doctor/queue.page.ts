import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatCard, MatCardActions, MatCardContent } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatCell, MatCellDef, MatColumnDef, MatHeaderCell, MatHeaderCellDef, MatHeaderRow, MatHeaderRowDef, MatRow, MatRowDef, MatTable } from '@angular/material/table';
import { MatTooltip } from '@angular/material/tooltip';
import { Router } from '@angular/router';
import { Store } from '@ngrx/store';
import { map } from 'rxjs';
import { formatTimeInZone, isValidTimeZone, zoneLabel, type Language, type PromiseLevel } from '@oblako/domain';
import { ApiCallError, ApiClient, TranslatePipe, TranslationService, selectOnline } from '@oblako/shell-kit';
import { askToConfirm } from '@oblako/shell-kit/confirm';
import { CONSULTATIONS_API, takeUrl, type QueueEntry, type TakeResult } from '../../api';
import { specialtyLabel } from '../../specialties';
import { useDoctorIcons } from './icons';
import { ageText, documentCountsText, waitedText } from './patient-facts';

/** How often the queue refreshes by itself while the page is visible. */
export const QUEUE_REFRESH_MS = 60_000;
/** A load shorter than this shows no progress bar (no flicker). */
const SLOW_LOAD_MS = 1_000;

interface QueueRow {
  entry: QueueEntry;
  age: string;
  zone: string;
  specialty: string;
  diagnosis: string;
  documents: string;
  waited: string;
  promise: PromiseLevel;
}

/**
 * «Новые пациенты»: patients whose documents are ready and whom no doctor has taken yet, of
 * this doctor's specialties, oldest first. The list needs the server's whole view (a doctor
 * reads only assigned patients), so it is online only; taking a patient is first come, first
 * served — the loser is told and the row disappears.
 */
@Component({
  selector: 'ob-consultation-queue',
  imports: [
    MatButton, MatIconButton, MatIcon, MatProgressBar, MatTooltip, MatCard, MatCardContent, MatCardActions,
    MatTable, MatColumnDef, MatHeaderCell, MatHeaderCellDef, MatCell, MatCellDef, MatHeaderRow, MatHeaderRowDef, MatRow, MatRowDef,
    TranslatePipe,
  ],
  template: `
    <header class="head">
      <h1 class="page-title">{{ 'consultations.doctor.queue.title' | t }}</h1>
      <button mat-icon-button type="button" (click)="load()" [disabled]="!online() || loading()"
        [attr.aria-label]="'consultations.doctor.refresh' | t" [matTooltip]="'consultations.doctor.refresh' | t" data-testid="queue-refresh">
        <mat-icon svgIcon="refresh" />
      </button>
    </header>
    <p class="hint">{{ 'consultations.doctor.queue.hint' | t }}</p>
    @if (slow()) {
      <mat-progress-bar mode="indeterminate" data-testid="queue-progress" [attr.aria-label]="'consultations.doctor.loading' | t" />
    }
    @if (notice(); as text) {
      <p class="notice" role="status" data-testid="queue-notice">{{ text }}</p>
    }
    @if (error(); as text) {
      <p class="error" role="alert" data-testid="queue-error">{{ text }}</p>
    }
    @if (!online()) {
      <p class="offline" role="status" data-testid="queue-offline">
        <mat-icon svgIcon="cloud_off" />{{ 'consultations.doctor.queue.offline' | t }}
      </p>
    } @else if (rows() === null) {
      @if (!error()) {
        <p class="muted">{{ 'consultations.doctor.loading' | t }}</p>
      }
    } @else if (rows()!.length === 0) {
      <p class="muted" data-testid="queue-empty">{{ 'consultations.doctor.queue.empty' | t }}</p>
    } @else if (handset()) {
      <div class="cards">
        @for (row of rows(); track row.entry.consultationId) {
          <mat-card appearance="outlined" class="card" [class]="'promise-' + row.promise" data-testid="queue-entry">
            <mat-card-content>
              <div class="name">{{ row.entry.patientName }}@if (row.age) {<span class="muted">, {{ row.age }}</span>}</div>
              <div class="line">{{ row.entry.region }}@if (row.zone) {<span class="muted">@if (row.entry.region) { · }{{ row.zone }}</span>}</div>
              <div class="line"><b>{{ row.specialty }}</b></div>
              @if (row.diagnosis) {<div class="line">{{ row.diagnosis }}</div>}
              @if (row.documents) {<div class="line muted">{{ row.documents }}</div>}
              <div class="waited" data-testid="queue-waited">{{ row.waited }}@if (row.promise !== 'on_time') { · {{ 'consultations.doctor.promise.' + row.promise | t }}}</div>
            </mat-card-content>
            <mat-card-actions>
              <button mat-flat-button type="button" (click)="take(row.entry)" [disabled]="taking() !== null" data-testid="take-patient">
                <mat-icon svgIcon="person_add" />{{ 'consultations.doctor.queue.take' | t }}
              </button>
            </mat-card-actions>
          </mat-card>
        }
      </div>
    } @else {
      <div class="table-wrap">
      <table mat-table [dataSource]="rows()!" class="table" data-testid="queue-table">
        <ng-container matColumnDef="patient">
          <th mat-header-cell *matHeaderCellDef>{{ 'consultations.doctor.col.patient' | t }}</th>
          <td mat-cell *matCellDef="let row">
            <div class="name">{{ row.entry.patientName }}</div>
            <div class="muted">{{ row.age }}</div>
          </td>
        </ng-container>
        <ng-container matColumnDef="region">
          <th mat-header-cell *matHeaderCellDef>{{ 'consultations.doctor.col.region' | t }}</th>
          <td mat-cell *matCellDef="let row">{{ row.entry.region }}<div class="muted">{{ row.zone }}</div></td>
        </ng-container>
        <ng-container matColumnDef="specialty">
          <th mat-header-cell *matHeaderCellDef>{{ 'consultations.doctor.col.specialty' | t }}</th>
          <td mat-cell *matCellDef="let row">{{ row.specialty }}<div class="muted">{{ row.diagnosis }}</div></td>
        </ng-container>
        <ng-container matColumnDef="documents">
          <th mat-header-cell *matHeaderCellDef>{{ 'consultations.doctor.col.documents' | t }}</th>
          <td mat-cell *matCellDef="let row">{{ row.documents }}</td>
        </ng-container>
        <ng-container matColumnDef="waited">
          <th mat-header-cell *matHeaderCellDef>{{ 'consultations.doctor.col.waited' | t }}</th>
          <td mat-cell *matCellDef="let row" data-testid="queue-waited">
            {{ row.waited }}
            @if (row.promise !== 'on_time') {<div class="promise-label">{{ 'consultations.doctor.promise.' + row.promise | t }}</div>}
          </td>
        </ng-container>
        <ng-container matColumnDef="action">
          <th mat-header-cell *matHeaderCellDef></th>
          <td mat-cell *matCellDef="let row">
            <button mat-flat-button type="button" (click)="take(row.entry)" [disabled]="taking() !== null" data-testid="take-patient">
              {{ 'consultations.doctor.queue.take' | t }}
            </button>
          </td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns"></tr>
        <tr mat-row *matRowDef="let row; columns: columns" [class]="'promise-' + row.promise" data-testid="queue-entry"></tr>
      </table>
      </div>
    }
  `,
  styles: `
    :host { display: grid; gap: 12px; }
    .head { display: flex; align-items: center; justify-content: space-between; gap: 8px; }
    .page-title { margin: 0; }
    .hint, .muted { color: var(--mat-sys-on-surface-variant); margin: 0; }
    .offline { display: flex; gap: 8px; align-items: center; }
    .notice { padding: 12px; border-radius: 8px; background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); margin: 0; }
    .error { color: var(--mat-sys-error); margin: 0; }
    .cards { display: grid; gap: 12px; }
    .card .name { font-weight: 500; font-size: 1.05rem; }
    .line { margin-top: 4px; }
    .waited { margin-top: 8px; font-weight: 500; }
    .table-wrap { overflow-x: auto; border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; background: var(--mat-sys-surface-container-lowest); }
    .table { width: 100%; background: transparent; }
    .table td, .table th { padding: 12px 10px; vertical-align: top; }
    .table td .name { font-weight: 500; }
    .table button { white-space: nowrap; }
    .promise-attention { border-left: 4px solid #e0a100; }
    .promise-overdue { border-left: 4px solid var(--mat-sys-error); }
    tr.promise-attention td:first-child { box-shadow: inset 4px 0 0 #e0a100; }
    tr.promise-overdue td:first-child { box-shadow: inset 4px 0 0 var(--mat-sys-error); }
    .promise-overdue .waited, .promise-overdue .promise-label { color: var(--mat-sys-error); }
    .promise-attention .waited, .promise-attention .promise-label { color: #8a6200; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class QueuePage {
  private readonly api = inject(ApiClient);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly i18n = inject(TranslationService);
  readonly online = inject(Store).selectSignal(selectOnline);
  readonly handset = toSignal(inject(BreakpointObserver).observe('(max-width: 719.98px)').pipe(map((state) => state.matches)), { initialValue: true });
  readonly columns = ['patient', 'region', 'specialty', 'documents', 'waited', 'action'];

  private readonly entries = signal<QueueEntry[] | null>(null);
  readonly loading = signal(false);
  readonly slow = signal(false);
  readonly error = signal<string | null>(null);
  readonly notice = signal<string | null>(null);
  readonly taking = signal<string | null>(null);

  readonly rows = computed<QueueRow[] | null>(() => {
    const entries = this.entries();
    if (entries === null) return null;
    const language = this.i18n.language();
    return [...entries].sort((a, b) => a.readyAt.localeCompare(b.readyAt)).map((entry) => this.rowOf(entry, language));
  });

  constructor() {
    useDoctorIcons();
    // Loads on opening and again whenever the connection comes back.
    effect(() => {
      if (this.online()) untracked(() => void this.load());
    });
    const timer = setInterval(() => {
      if (this.visible() && this.online()) void this.load();
    }, QUEUE_REFRESH_MS);
    const onVisible = () => {
      if (this.visible() && this.online()) void this.load();
    };
    document.addEventListener('visibilitychange', onVisible);
    inject(DestroyRef).onDestroy(() => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    });
  }

  async load(): Promise<void> {
    if (this.loading()) return;
    this.loading.set(true);
    const slowTimer = setTimeout(() => this.slow.set(true), SLOW_LOAD_MS);
    try {
      this.entries.set(await this.api.get<QueueEntry[]>(CONSULTATIONS_API.queue));
      this.error.set(null);
    } catch (error) {
      this.error.set(error instanceof ApiCallError ? error.message : this.i18n.t('consultations.doctor.queue.loadFailed'));
    } finally {
      clearTimeout(slowTimer);
      this.slow.set(false);
      this.loading.set(false);
    }
  }

  async take(entry: QueueEntry): Promise<void> {
    if (this.taking() !== null) return;
    // Taking is first come, first served and gives the doctor the patient's records: asked once, not by a stray tap.
    const sure = await askToConfirm(this.dialog, {
      title: this.i18n.t('consultations.doctor.queue.takeTitle', { name: entry.patientName }),
      text: this.i18n.t('consultations.doctor.queue.takeText', { specialty: specialtyLabel(entry.specialty, this.i18n.language()) }),
      confirmLabel: this.i18n.t('consultations.doctor.queue.take'),
      cancelLabel: this.i18n.t('consultations.doctor.close'),
    });
    if (!sure || this.taking() !== null) return;
    this.taking.set(entry.consultationId);
    this.notice.set(null);
    this.error.set(null);
    try {
      const result = await this.api.post<TakeResult>(takeUrl(entry.consultationId), {});
      await this.router.navigate(['/consultations/c', result?.consultationId ?? entry.consultationId], { queryParams: { taken: 1 } });
    } catch (error) {
      if (error instanceof ApiCallError && (error.code === 'already_taken' || error.status === 409)) {
        this.notice.set(this.i18n.t('consultations.doctor.queue.alreadyTaken', { name: entry.patientName }));
        this.entries.update((entries) => entries?.filter((e) => e.consultationId !== entry.consultationId) ?? null);
        this.taking.set(null);
        await this.load();
        return;
      }
      this.error.set(error instanceof ApiCallError ? error.message : this.i18n.t('consultations.doctor.queue.takeFailed'));
    } finally {
      this.taking.set(null);
    }
  }

  private visible(): boolean {
    return document.visibilityState !== 'hidden';
  }

  private rowOf(entry: QueueEntry, language: Language): QueueRow {
    const now = Date.now();
    const zone = isValidTimeZone(entry.timeZone)
      ? this.i18n.t('consultations.doctor.localTime', { time: formatTimeInZone(now, entry.timeZone), zone: zoneLabel(entry.timeZone, now, language) })
      : '';
    const diagnosis = [entry.icd10, entry.diagnosis].filter(Boolean).join(' ');
    return {
      entry,
      age: ageText(this.i18n, entry.birthDate),
      zone,
      specialty: specialtyLabel(entry.specialty, language),
      diagnosis,
      documents: documentCountsText(this.i18n, entry.documentCounts ?? {}),
      waited: waitedText(this.i18n, entry.waitedMs),
      promise: entry.promise,
    };
  }
}
