import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent } from '@angular/material/card';
import { MatProgressBar } from '@angular/material/progress-bar';
import { ActivatedRoute } from '@angular/router';
import { Store } from '@ngrx/store';
import {
  CONSULTATION_STATUS_LABELS,
  TRANSITION_LABELS,
  bookingsOf,
  formatTimeInZone,
  isValidTimeZone,
  patientReadiness,
  zoneLabel,
  type Consultation,
  type DoctorCalendar,
  type TransitionName,
  type TransitionRequest,
} from '@oblako/domain';
import { DataService, TranslatePipe, TranslationService, selectOnline, selectUser } from '@oblako/shell-kit';
import { catchError, map, of, switchMap } from 'rxjs';
import type { ConclusionResult } from '../../api';
import { CONSULTATIONS_COLLECTION, DOCTOR_SETTINGS_COLLECTION, DOCTOR_SETTINGS_LOCAL_ID, type DoctorSettings } from '../../schema';
import { specialtyLabel } from '../../specialties';
import { ConsultationActions } from '../shared/consultation-actions.service';
import { ConclusionFormComponent } from './conclusion-form.component';
import { CancelConsultationPanelComponent } from './consultation/cancel-consultation-panel.component';
import { ConclusionIssuedComponent } from './consultation/conclusion-issued.component';
import type { DocumentFacts, ReferralFacts } from './consultation/consultation-facts';
import { ConsultationHistoryComponent } from './consultation/consultation-history.component';
import { ConsultationStatusComponent } from './consultation/consultation-status.component';
import { historyStepsOf } from './consultation/history-steps';
import { PatientHeaderComponent } from './consultation/patient-header.component';
import { RequestDocumentsPanelComponent } from './consultation/request-documents-panel.component';
import { SchedulePanelComponent } from './consultation/schedule-panel.component';
import { useDoctorIcons } from './icons';
import { PROFILES_COLLECTION, ageText, profileIdOf, type PatientFacts } from './patient-facts';
import type { PickedSlot } from './slot-picker.component';

type Panel = 'none' | 'request' | 'schedule' | 'cancel';

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
    MatButton, MatCard, MatCardContent, MatProgressBar, TranslatePipe, ConclusionFormComponent, PatientHeaderComponent, ConsultationStatusComponent,
    RequestDocumentsPanelComponent, CancelConsultationPanelComponent, SchedulePanelComponent, ConclusionIssuedComponent, ConsultationHistoryComponent,
  ],
  templateUrl: './consultation.page.html',
  styleUrl: './consultation.page.css',
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
    return historyStepsOf(c, {
      language: this.i18n.language(),
      viewerId: this.user()?.id ?? null,
      patientName: this.patient()?.fullName ?? '',
      t: (key) => this.i18n.t(key),
    });
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
        this.panel.set('request');
        return;
      case 'schedule':
      case 'reschedule':
        this.panel.set('schedule');
        return;
      case 'cancel_by_doctor':
      case 'cancel_by_manager':
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

  requestDocuments(written: string): void {
    const comment = written.trim();
    if (!comment) {
      this.refusal.set(this.i18n.t('consultations.doctor.page.commentRequired'));
      return;
    }
    void this.run({ transition: 'request_documents', comment });
  }

  cancelConsultation(written: string): void {
    const reason = written.trim();
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
}
