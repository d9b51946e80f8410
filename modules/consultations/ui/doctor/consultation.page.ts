import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent } from '@angular/material/card';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import {
  CONSULTATION_STATUS_LABELS,
  MAX_COMMENT_LENGTH,
  MAX_REASON_LENGTH,
  HISTORY_EVENT_LABELS,
  TRANSITION_LABELS,
  callEventLabel,
  bookingsOf,
  formatTimeInZone,
  isValidTimeZone,
  patientReadiness,
  zoneLabel,
  type Consultation,
  type DoctorCalendar,
  type HistoryEntry,
  type TransitionName,
  type TransitionRequest,
} from '@oblako/domain';
import { DataService, TranslatePipe, TranslationService, selectOnline, selectUser } from '@oblako/shell-kit';
import { catchError, map, of, switchMap } from 'rxjs';
import type { ConclusionResult } from '../../api';
import { CONSULTATIONS_COLLECTION, DOCTOR_SETTINGS_COLLECTION, DOCTOR_SETTINGS_LOCAL_ID, type DoctorSettings } from '../../schema';
import { specialtyLabel } from '../../specialties';
import { ConsultationActions } from '../shared/consultation-actions.service';
import { ConsultationTimePipe } from '../shared/consultation-time.pipe';
import { LiveMarksComponent } from '../shared/live-marks.component';
import { ConclusionFormComponent } from './conclusion-form.component';
import { useDoctorIcons } from './icons';
import { PROFILES_COLLECTION, ageText, profileIdOf, type PatientFacts } from './patient-facts';
import { SlotPickerComponent, type PickedSlot } from './slot-picker.component';

type Panel = 'none' | 'request' | 'schedule' | 'cancel';

/** A referral as this page reads it from the replicated `referrals` collection (when present). */
interface ReferralFacts {
  id: string;
  patientId: string;
  diagnosis: string;
  icd10: string;
  importedAt: string;
}

interface DocumentFacts {
  type: string;
  files: { fileId: string }[];
}

/** What a doctor can do here, in the order the buttons appear. */
const DOCTOR_ACTIONS: readonly TransitionName[] = ['schedule', 'reschedule', 'start', 'complete', 'request_documents', 'cancel_by_doctor', 'cancel_by_manager'];

/**
 * One consultation as its doctor (or a manager) works on it: who the patient is, where it
 * stands and how it got there, the patient's documents, and only the actions the state machine
 * allows now — request documents, schedule or move it in the doctor's calendar, cancel, mark it
 * held and write the conclusion. Everything but the conclusion also works offline.
 */
@Component({
  selector: 'ob-consultation',
  imports: [
    FormsModule, RouterLink, MatButton, MatIcon, MatCard, MatCardContent, MatFormField, MatLabel, MatHint, MatInput, MatProgressBar,
    TranslatePipe, ConsultationTimePipe, SlotPickerComponent, ConclusionFormComponent, LiveMarksComponent,
  ],
  template: `
    @if (consultation() === undefined) {
      <p class="muted">{{ 'consultations.doctor.loading' | t }}</p>
    } @else if (consultation() === null) {
      <div class="arriving" data-testid="consultation-arriving">
        <mat-progress-bar mode="indeterminate" />
        <p>{{ (justTaken() ? 'consultations.doctor.page.arrivingTaken' : 'consultations.doctor.page.arriving') | t }}</p>
      </div>
    } @else {
      @let c = consultation()!;
      <header class="patient" data-testid="patient-header">
        <h1 class="page-title">{{ patientName() }}</h1>
        <div class="facts">
          @if (patientAge()) {<span>{{ patientAge() }}</span>}
          @if (patient()?.region) {<span>{{ patient()!.region }}</span>}
          @if (patientZoneText()) {<span data-testid="patient-zone">{{ patientZoneText() }}</span>}
        </div>
        <div class="facts">
          <span><b>{{ specialty() }}</b></span>
          @if (referral(); as r) {
            <span data-testid="referral-diagnosis">{{ 'consultations.doctor.page.referral' | t }}: {{ r.icd10 ? r.icd10 + ' ' : '' }}{{ r.diagnosis }}</span>
          }
        </div>
      </header>

      <mat-card appearance="outlined">
        <mat-card-content class="status">
          <div class="status-line">
            <span class="status-chip" data-testid="consultation-status">{{ statusLabel() }}</span>
            @if (c.slot) {<span data-testid="consultation-slot">{{ c.slot | consultationTime }}</span>}
          </div>
          @if (c.timeRequest) {
            <p class="note" data-testid="time-request">{{ 'consultations.doctor.page.timeRequest' | t }}{{ c.timeRequest.comment ? ': «' + c.timeRequest.comment + '»' : '' }}</p>
          }
          @if (c.documentsRequest && c.status === 'documents_requested') {
            <p class="note">{{ 'consultations.doctor.page.requested' | t }}: «{{ c.documentsRequest.comment }}»</p>
          }
          @if (c.cancellation) {
            <p class="note">{{ 'consultations.doctor.page.cancelReason' | t }}: {{ c.cancellation.reason || ('consultations.doctor.page.noReason' | t) }}</p>
          }
          <p class="readiness" data-testid="readiness">{{ readinessText() }}</p>
          <a mat-stroked-button [routerLink]="['/documents/patients', c.patientId]" data-testid="patient-documents-link">
            <mat-icon svgIcon="description" />{{ 'consultations.doctor.page.documents' | t }}
          </a>
          @if ((c.status === 'scheduled' || c.status === 'in_progress') && c.doctorId === userId()) {
            <!-- The video consultation (modules/video): waiting room, «Начать консультацию» admits the patient. -->
            <a mat-flat-button [routerLink]="['/video', c.id]" data-testid="open-video">{{ 'consultations.doctor.page.video' | t }}</a>
            <ob-live-marks [recordId]="c.id" />
          }
        </mat-card-content>
      </mat-card>

      @if (saved(); as text) {
        <p class="saved" role="status" data-testid="action-saved">{{ text }}</p>
      }
      @if (refusal(); as text) {
        <p class="error" role="alert" data-testid="action-error">{{ text }}</p>
      }

      @if (actions().length > 0 && panel() === 'none') {
        <div class="actions" data-testid="actions">
          @for (action of actions(); track action) {
            <button [attr.data-testid]="'action-' + action" type="button" (click)="open(action)" [disabled]="busy()"
              [class.danger]="action.startsWith('cancel')" mat-stroked-button>
              {{ actionLabel(action) }}
            </button>
          }
        </div>
      }

      @switch (panel()) {
        @case ('request') {
          <mat-card appearance="outlined"><mat-card-content class="panel">
            <h2>{{ actionLabel('request_documents') }}</h2>
            <mat-form-field appearance="outline">
              <mat-label>{{ 'consultations.doctor.page.requestComment' | t }}</mat-label>
              <textarea matInput rows="3" [maxlength]="maxComment" [(ngModel)]="comment" data-testid="request-comment"></textarea>
              <mat-hint>{{ 'consultations.doctor.page.requestHint' | t }}</mat-hint>
            </mat-form-field>
            <div class="actions">
              <button mat-flat-button type="button" (click)="requestDocuments()" [disabled]="busy()" data-testid="request-confirm">{{ actionLabel('request_documents') }}</button>
              <button mat-button type="button" (click)="close()">{{ 'consultations.doctor.close' | t }}</button>
            </div>
          </mat-card-content></mat-card>
        }
        @case ('cancel') {
          <mat-card appearance="outlined"><mat-card-content class="panel">
            <h2>{{ 'consultations.doctor.page.cancelTitle' | t }}</h2>
            <mat-form-field appearance="outline">
              <mat-label>{{ 'consultations.doctor.page.cancelReasonLabel' | t }}</mat-label>
              <textarea matInput rows="2" [maxlength]="maxReason" [(ngModel)]="reason" data-testid="cancel-reason"></textarea>
              <mat-hint>{{ 'consultations.doctor.page.cancelHint' | t }}</mat-hint>
            </mat-form-field>
            <div class="actions">
              <button mat-flat-button type="button" class="danger-fill" (click)="cancelConsultation()" [disabled]="busy()" data-testid="cancel-confirm">{{ 'consultations.doctor.page.cancelConfirm' | t }}</button>
              <button mat-button type="button" (click)="close()">{{ 'consultations.doctor.close' | t }}</button>
            </div>
          </mat-card-content></mat-card>
        }
        @case ('schedule') {
          <mat-card appearance="outlined"><mat-card-content class="panel">
            <h2>{{ actionLabel(c.status === 'scheduled' ? 'reschedule' : 'schedule') }}</h2>
            @if (calendar(); as cal) {
              <ob-slot-picker [calendar]="cal" [bookings]="bookings()" [patientZone]="patient()?.timeZone ?? ''"
                [askReason]="c.status === 'scheduled'" [busy]="busy()" (chosen)="schedule($event)" (cancelled)="close()" />
            } @else {
              <p data-testid="no-calendar">{{ 'consultations.doctor.page.noCalendar' | t }}</p>
              <div class="actions">
                <a mat-flat-button routerLink="/consultations/settings" data-testid="calendar-settings-link">{{ 'consultations.doctor.page.openCalendar' | t }}</a>
                <button mat-button type="button" (click)="close()">{{ 'consultations.doctor.close' | t }}</button>
              </div>
            }
          </mat-card-content></mat-card>
        }
      }

      @if (issued() || c.status === 'done') {
        <mat-card appearance="outlined" class="issued" data-testid="conclusion-issued">
          <mat-card-content class="panel">
            <h2><mat-icon svgIcon="check_circle" />{{ 'consultations.doctor.conclusion.issued' | t }}</h2>
            @if (issued(); as result) {
              <p class="muted">{{ 'consultations.doctor.conclusion.issuedBy' | t: { name: result.issuedBy.name, time: (result.issuedAt | consultationTime) } }}</p>
              @if (result.signature === 'unsigned') {<p class="muted">{{ 'consultations.doctor.conclusion.unsigned' | t }}</p>}
            }
            <a mat-stroked-button [routerLink]="['/documents/patients', c.patientId]" data-testid="conclusion-link">
              <mat-icon svgIcon="picture_as_pdf" />{{ 'consultations.doctor.conclusion.open' | t }}
            </a>
          </mat-card-content>
        </mat-card>
      } @else if (canConclude()) {
        <mat-card appearance="outlined">
          <mat-card-content class="panel">
            <h2>{{ 'consultations.doctor.conclusion.title' | t }}</h2>
            <ob-conclusion-form [consultationId]="c.id" (issued)="issued.set($event)" />
          </mat-card-content>
        </mat-card>
      }

      <section class="history" data-testid="history">
        <h2><mat-icon svgIcon="history" />{{ 'consultations.doctor.page.history' | t }}</h2>
        <ol>
          @for (step of history(); track $index) {
            <li data-testid="history-entry" [attr.data-kind]="step.kind">
              <div><b>{{ step.label }}</b></div>
              <div class="muted">@if (step.who) {{{ step.who }} · }{{ step.at | consultationTime }}</div>
              @if (step.reason) {<div class="muted">«{{ step.reason }}»</div>}
            </li>
          }
        </ol>
      </section>
    }
  `,
  styles: `
    :host { display: grid; gap: 16px; }
    .page-title { margin: 0; }
    .patient { display: grid; gap: 4px; }
    .facts { display: flex; flex-wrap: wrap; gap: 4px 16px; color: var(--mat-sys-on-surface-variant); }
    .status { display: grid; gap: 8px; justify-items: start; }
    .status-line { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center; }
    .status-chip { padding: 2px 10px; border-radius: 12px; background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); font-weight: 500; }
    .note, .readiness { margin: 0; }
    .muted { color: var(--mat-sys-on-surface-variant); margin: 0; }
    .saved { margin: 0; padding: 12px; border-radius: 8px; background: var(--mat-sys-secondary-container); }
    .error { margin: 0; color: var(--mat-sys-error); }
    .actions { display: flex; flex-wrap: wrap; gap: 8px; }
    .danger { color: var(--mat-sys-error); }
    .danger-fill { background: var(--mat-sys-error); color: var(--mat-sys-on-error); }
    .panel { display: grid; gap: 12px; }
    .panel h2 { margin: 0; font-size: 1.1rem; display: flex; align-items: center; gap: 8px; }
    .history h2 { font-size: 1.1rem; display: flex; align-items: center; gap: 8px; }
    .history ol { list-style: none; padding: 0; margin: 0; display: grid; gap: 10px; border-left: 2px solid var(--mat-sys-outline-variant); padding-left: 12px; }
    .arriving { display: grid; gap: 8px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConsultationPage {
  private readonly data = inject(DataService);
  private readonly i18n = inject(TranslationService);
  private readonly consultationActions = inject(ConsultationActions);
  private readonly user = inject(Store).selectSignal(selectUser);
  private readonly online = inject(Store).selectSignal(selectOnline);
  readonly userId = computed(() => this.user()?.id ?? null);
  /** From the route (`c/:consultationId`), bound by the router. */
  readonly consultationId = input.required<string>();
  /** Opened right after «Взять пациента»: the documents are on their way to this device. */
  readonly justTaken = toSignal(inject(ActivatedRoute).queryParamMap.pipe(map((params) => params.has('taken'))), { initialValue: false });

  readonly maxComment = MAX_COMMENT_LENGTH;
  readonly maxReason = MAX_REASON_LENGTH;
  comment = '';
  reason = '';
  readonly panel = signal<Panel>('none');
  readonly busy = signal(false);
  readonly saved = signal<string | null>(null);
  readonly refusal = signal<string | null>(null);
  readonly issued = signal<ConclusionResult | null>(null);
  private readonly allowed = signal<TransitionName[]>([]);
  /** Re-checks what is allowed as time passes (e.g. «Консультация проведена» from the slot's start). */
  private readonly tick = signal(0);

  readonly consultation = toSignal(
    toObservable(this.consultationId).pipe(switchMap((id) => this.data.doc$<Consultation>(CONSULTATIONS_COLLECTION, id))),
  );
  private readonly patientId = computed(() => this.consultation()?.patientId ?? null);
  private readonly doctorId = computed(() => this.consultation()?.doctorId ?? null);

  readonly patient = toSignal(
    toObservable(this.patientId).pipe(
      switchMap((patientId) => (patientId ? this.data.doc$<PatientFacts>(PROFILES_COLLECTION, profileIdOf(patientId)) : of(null))),
      catchError(() => of(null)),
    ),
    { initialValue: null },
  );
  private readonly referrals = toSignal(
    toObservable(this.patientId).pipe(
      switchMap((patientId) => (patientId ? this.data.find$<ReferralFacts>('referrals', { patientId }).pipe(catchError(() => of([]))) : of([]))),
    ),
    { initialValue: [] as ReferralFacts[] },
  );
  private readonly documents = toSignal(
    toObservable(this.patientId).pipe(
      switchMap((patientId) =>
        patientId
          ? this.data.find$<DocumentFacts>('documents', { patientId }).pipe(catchError(() => of(null)))
          : of(null),
      ),
    ),
    { initialValue: null },
  );
  private readonly files = toSignal(
    toObservable(this.patientId).pipe(
      switchMap((patientId) =>
        patientId
          ? this.data.find$<{ fileId: string; status: string }>('document_files', { patientId }).pipe(catchError(() => of([])))
          : of([]),
      ),
    ),
    { initialValue: [] as { fileId: string; status: string }[] },
  );
  private readonly settings = toSignal(
    toObservable(this.doctorId).pipe(
      switchMap((doctorId) =>
        doctorId
          ? this.data.doc$<DoctorSettings>(DOCTOR_SETTINGS_COLLECTION, `${doctorId}:${DOCTOR_SETTINGS_LOCAL_ID}`).pipe(catchError(() => of(null)))
          : of(null),
      ),
    ),
    { initialValue: null },
  );
  private readonly doctorConsultations = toSignal(
    toObservable(this.doctorId).pipe(
      switchMap((doctorId) => (doctorId ? this.data.find$<Consultation>(CONSULTATIONS_COLLECTION, { doctorId }) : of([]))),
    ),
    { initialValue: [] as Consultation[] },
  );

  readonly calendar = computed<DoctorCalendar | null>(() => {
    const settings = this.settings();
    if (!settings || !isValidTimeZone(settings.timeZone)) return null;
    const calendar: DoctorCalendar = { timeZone: settings.timeZone, slotMinutes: settings.slotMinutes, week: settings.week };
    if (settings.daysOff) calendar.daysOff = settings.daysOff;
    return calendar;
  });
  readonly bookings = computed(() => {
    const doctorId = this.doctorId();
    const id = this.consultation()?.id;
    return doctorId ? bookingsOf(this.doctorConsultations(), doctorId).filter((booking) => booking.consultationId !== id) : [];
  });

  readonly referral = computed<ReferralFacts | null>(() => {
    const referrals = this.referrals();
    const wanted = this.consultation()?.referralId;
    return referrals.find((r) => r.id === wanted) ?? [...referrals].sort((a, b) => b.importedAt.localeCompare(a.importedAt))[0] ?? null;
  });
  readonly patientName = computed(() => this.patient()?.fullName || this.i18n.t('consultations.doctor.unnamed'));
  readonly patientAge = computed(() => ageText(this.i18n, this.patient()?.birthDate ?? ''));
  readonly patientZoneText = computed(() => {
    this.tick();
    const zone = this.patient()?.timeZone ?? '';
    if (!isValidTimeZone(zone)) return '';
    const now = Date.now();
    return this.i18n.t('consultations.doctor.localTime', { time: formatTimeInZone(now, zone), zone: zoneLabel(zone, now, this.i18n.language()) });
  });
  readonly specialty = computed(() => specialtyLabel(this.consultation()?.specialty ?? '', this.i18n.language()));
  readonly statusLabel = computed(() => {
    const status = this.consultation()?.status;
    return status ? CONSULTATION_STATUS_LABELS[status][this.i18n.language()] : '';
  });
  readonly readinessText = computed(() => {
    const documents = this.documents();
    if (documents === null) return this.i18n.t('consultations.doctor.page.readinessUnknown');
    const uploadedFileIds = new Set(this.files().filter((f) => f.status === 'uploaded').map((f) => f.fileId));
    const readiness = patientReadiness(documents, { uploadedFileIds });
    const counts = this.i18n.t('consultations.doctor.page.readinessCounts', { conclusion: readiness.counts.conclusion, examination: readiness.counts.examination });
    return `${this.i18n.t(readiness.ready ? 'consultations.doctor.page.ready' : 'consultations.doctor.page.notReady')} ${counts}`;
  });

  readonly actions = computed(() => DOCTOR_ACTIONS.filter((action) => this.allowed().includes(action)));
  readonly canConclude = computed(() => {
    const c = this.consultation();
    return !!c && c.status === 'held' && c.doctorId === this.user()?.id;
  });

  readonly history = computed(() => {
    const c = this.consultation();
    if (!c) return [];
    const language = this.i18n.language();
    const steps = c.history.map((entry) => ({
      kind: 'step',
      label: HISTORY_EVENT_LABELS[entry.transition]?.[language] ?? entry.transition,
      who: this.whoOf(entry, c),
      at: entry.at,
      reason: entry.reason ?? '',
    }));
    // The video call's events (written by the server) take their place in time among the steps.
    const calls = (c.callEvents ?? []).map((event) => ({ kind: `call-${event.kind}`, label: callEventLabel(event, language), who: '', at: event.at, reason: '' }));
    return [...steps, ...calls].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  });

  constructor() {
    useDoctorIcons();
    effect(() => {
      const c = this.consultation();
      // What is allowed also follows the clock, the calendar, the bookings and the documents.
      this.tick();
      this.settings();
      this.doctorConsultations();
      this.documents();
      this.files();
      this.user();
      if (!c) {
        this.allowed.set([]);
        return;
      }
      void this.consultationActions.allowed(c).then((allowed) => this.allowed.set(allowed));
    });
    const timer = setInterval(() => this.tick.update((n) => n + 1), 30_000);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  actionLabel(action: TransitionName): string {
    return TRANSITION_LABELS[action][this.i18n.language()];
  }

  open(action: TransitionName): void {
    this.saved.set(null);
    this.refusal.set(null);
    switch (action) {
      case 'request_documents':
        this.comment = '';
        this.panel.set('request');
        return;
      case 'schedule':
      case 'reschedule':
        this.panel.set('schedule');
        return;
      case 'cancel_by_doctor':
      case 'cancel_by_manager':
        this.reason = '';
        this.panel.set('cancel');
        return;
      case 'start':
      case 'complete':
        void this.run({ transition: action });
        return;
      default:
        return;
    }
  }

  close(): void {
    this.panel.set('none');
  }

  requestDocuments(): void {
    const comment = this.comment.trim();
    if (!comment) {
      this.refusal.set(this.i18n.t('consultations.doctor.page.commentRequired'));
      return;
    }
    void this.run({ transition: 'request_documents', comment });
  }

  cancelConsultation(): void {
    const reason = this.reason.trim();
    if (!reason) {
      this.refusal.set(this.i18n.t('consultations.doctor.page.reasonRequired'));
      return;
    }
    const transition = this.allowed().includes('cancel_by_manager') ? 'cancel_by_manager' : 'cancel_by_doctor';
    void this.run({ transition, reason });
  }

  schedule(picked: PickedSlot): void {
    const c = this.consultation();
    if (!c) return;
    const request: TransitionRequest =
      c.status === 'scheduled'
        ? { transition: 'reschedule', slot: picked.slot, ...(picked.reason ? { reason: picked.reason } : {}) }
        : { transition: 'schedule', slot: picked.slot };
    void this.run(request);
  }

  private async run(request: TransitionRequest): Promise<void> {
    const c = this.consultation();
    if (!c || this.busy()) return;
    this.busy.set(true);
    this.saved.set(null);
    this.refusal.set(null);
    try {
      const result = await this.consultationActions.apply(c, request);
      if (result.ok) {
        this.panel.set('none');
        this.saved.set(this.i18n.t(result.savedOffline || !this.online() ? 'consultations.doctor.savedOffline' : 'consultations.doctor.saved'));
      } else {
        this.refusal.set(result.message);
      }
    } catch {
      this.refusal.set(this.i18n.t('consultations.doctor.saveFailed'));
    } finally {
      this.busy.set(false);
    }
  }

  private whoOf(entry: HistoryEntry, c: Consultation): string {
    if (entry.actorId === this.user()?.id) return this.i18n.t('consultations.doctor.who.you');
    switch (entry.role) {
      case 'patient':
        return `${this.i18n.t('consultations.doctor.who.patient')} ${this.patient()?.fullName ?? ''}`.trim();
      case 'doctor':
        return `${this.i18n.t('consultations.doctor.who.doctor')} ${entry.actorId === c.doctorId ? (c.doctorName ?? '') : ''}`.trim();
      case 'manager':
        return this.i18n.t('consultations.doctor.who.manager');
      case 'system':
        return this.i18n.t('consultations.doctor.who.system');
      default:
        return entry.role;
    }
  }
}
