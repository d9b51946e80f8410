import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatListItem, MatListItemIcon, MatListItemLine, MatListItemTitle, MatNavList } from '@angular/material/list';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import {
  CONSULTATION_STATUS_LABELS,
  formatDateInZone,
  formatTimeInZone,
  zoneLabel,
  type Consultation,
  type ConsultationStatus,
} from '@oblako/domain';
import { DataService, TranslatePipe, TranslationService, selectUser } from '@oblako/shell-kit';
import { of, switchMap } from 'rxjs';
import { CONSULTATIONS_COLLECTION } from '../../schema';
import { specialtyLabel } from '../../specialties';
import { LiveMarksComponent } from '../shared/live-marks.component';
import { ViewerZone } from '../shared/viewer-zone.service';
import { dayInZone } from './days';
import { useDoctorIcons } from './icons';
import { patientProfiles$ } from './patient-facts';

/** What the day's list shows: booked and held consultations. */
const DAY_STATUSES: readonly ConsultationStatus[] = ['scheduled', 'in_progress', 'held', 'done'];

interface DayItem {
  id: string;
  time: string;
  name: string;
  detail: string;
  status: ConsultationStatus;
}

/**
 * «Мой день»: this doctor's consultations of one day in their own zone, from the device's
 * database (works offline), and what waits for the doctor's action: patients taken but not yet
 * scheduled, and consultations held without a conclusion.
 */
@Component({
  selector: 'ob-doctor-day',
  imports: [MatButton, MatIconButton, MatIcon, MatNavList, MatListItem, MatListItemIcon, MatListItemTitle, MatListItemLine, RouterLink, TranslatePipe, LiveMarksComponent],
  template: `
    <h1 class="page-title">{{ 'consultations.doctor.day.title' | t }}</h1>
    <div class="switcher">
      <button mat-icon-button type="button" (click)="shift(-1)" [attr.aria-label]="'consultations.doctor.day.previous' | t" data-testid="day-previous">
        <mat-icon svgIcon="chevron_left" />
      </button>
      <div class="date">
        <div class="date-text" data-testid="day-date">{{ dateText() }}</div>
        <div class="muted">{{ zoneText() }}</div>
      </div>
      <button mat-icon-button type="button" (click)="shift(1)" [attr.aria-label]="'consultations.doctor.day.next' | t" data-testid="day-next">
        <mat-icon svgIcon="chevron_right" />
      </button>
      @if (offset() !== 0) {
        <button mat-button type="button" (click)="offset.set(0)" data-testid="day-today">{{ 'consultations.doctor.day.today' | t }}</button>
      }
    </div>

    @if (consultations() === undefined) {
      <p class="muted">{{ 'consultations.doctor.loading' | t }}</p>
    } @else {
      @if (day().length === 0) {
        <p class="muted" data-testid="day-empty">{{ 'consultations.doctor.day.empty' | t }}</p>
      } @else {
        <mat-nav-list class="list" [attr.aria-label]="'consultations.doctor.day.title' | t">
          @for (item of day(); track item.id) {
            <a mat-list-item class="day-row" [routerLink]="['/consultations/c', item.id]" data-testid="day-item">
              <mat-icon matListItemIcon svgIcon="event" />
              <span matListItemTitle class="wrap"><b>{{ item.time }}</b> · {{ item.name }}</span>
              <span matListItemLine>{{ item.detail }}</span>
              <span matListItemLine class="marks"><ob-live-marks [recordId]="item.id" /></span>
            </a>
          }
        </mat-nav-list>
      }

      <h2 class="section">{{ 'consultations.doctor.day.waiting' | t }}</h2>
      @if (waiting().length === 0) {
        <p class="muted" data-testid="waiting-empty">{{ 'consultations.doctor.day.waitingEmpty' | t }}</p>
      } @else {
        <mat-nav-list class="list">
          @for (item of waiting(); track item.id) {
            <a mat-list-item [routerLink]="['/consultations/c', item.id]" data-testid="waiting-item">
              <mat-icon matListItemIcon [svgIcon]="item.status === 'held' ? 'edit' : 'schedule'" />
              <span matListItemTitle>{{ item.name }}</span>
              <span matListItemLine>{{ item.detail }}</span>
            </a>
          }
        </mat-nav-list>
      }
    }
  `,
  styles: `
    :host { display: grid; gap: 12px; }
    /* A long name wraps instead of running out of the card on a phone. */
    .day-row { height: auto !important; padding-block: 8px; }
    .wrap { white-space: normal; overflow-wrap: anywhere; }
    .marks:empty { display: none; }
    .page-title { margin: 0; }
    .switcher { display: flex; align-items: center; gap: 4px; flex-wrap: wrap; }
    .date { min-width: 180px; text-align: center; }
    .date-text { font-weight: 500; font-size: 1.1rem; }
    .muted { color: var(--mat-sys-on-surface-variant); margin: 0; }
    .section { margin: 12px 0 0; font-size: 1.1rem; }
    .list { border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; padding: 0; background: var(--mat-sys-surface-container-lowest); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DayPage {
  private readonly data = inject(DataService);
  private readonly i18n = inject(TranslationService);
  private readonly user = inject(Store).selectSignal(selectUser);
  readonly zone = inject(ViewerZone).zone;
  /** Days from today in the doctor's zone. */
  readonly offset = signal(0);

  readonly consultations = toSignal(
    toObservable(computed(() => this.user()?.id ?? null)).pipe(
      switchMap((doctorId) => (doctorId ? this.data.find$<Consultation>(CONSULTATIONS_COLLECTION, { doctorId }) : of([] as Consultation[]))),
    ),
  );
  private readonly profiles = toSignal(patientProfiles$(), { initialValue: new Map() });

  private readonly selectedDay = computed(() => dayInZone(this.zone(), this.offset()));
  readonly dateText = computed(() => {
    const day = this.selectedDay();
    const text = formatDateInZone(day.startMs, this.zone(), this.i18n.language());
    return this.offset() === 0 ? `${this.i18n.t('consultations.doctor.day.today')}, ${text}` : text;
  });
  readonly zoneText = computed(() => zoneLabel(this.zone(), this.selectedDay().startMs, this.i18n.language()));

  readonly day = computed<DayItem[]>(() => {
    const { startMs, endMs } = this.selectedDay();
    return (this.consultations() ?? [])
      .filter((c) => DAY_STATUSES.includes(c.status) && c.slot !== undefined)
      .filter((c) => {
        const start = Date.parse(c.slot!.start);
        return start >= startMs && start < endMs;
      })
      .sort((a, b) => a.slot!.start.localeCompare(b.slot!.start))
      .map((c) => ({
        id: c.id,
        time: `${formatTimeInZone(c.slot!.start, this.zone())}–${formatTimeInZone(c.slot!.end, this.zone())}`,
        name: this.nameOf(c),
        detail: `${specialtyLabel(c.specialty, this.i18n.language())} · ${CONSULTATION_STATUS_LABELS[c.status][this.i18n.language()]}`,
        status: c.status,
      }));
  });

  readonly waiting = computed<DayItem[]>(() => {
    const language = this.i18n.language();
    return (this.consultations() ?? [])
      .filter((c) => ((c.status === 'taken' || c.status === 'documents_requested') && !c.slot) || (c.status === 'held' && !c.conclusionId))
      .sort((a, b) => (a.takenAt ?? a.updatedAt).localeCompare(b.takenAt ?? b.updatedAt))
      .map((c) => ({
        id: c.id,
        time: '',
        name: this.nameOf(c),
        detail: `${this.i18n.t(c.status === 'held' ? 'consultations.doctor.day.needsConclusion' : c.status === 'documents_requested' ? 'consultations.doctor.day.documentsRequested' : 'consultations.doctor.day.needsSlot')} · ${specialtyLabel(c.specialty, language)}`,
        status: c.status,
      }));
  });

  constructor() {
    useDoctorIcons();
  }

  shift(days: number): void {
    this.offset.update((offset) => offset + days);
  }

  private nameOf(consultation: Consultation): string {
    return this.profiles().get(consultation.patientId)?.fullName || this.i18n.t('consultations.doctor.unnamed');
  }
}
