import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ActivatedRoute, Router } from '@angular/router';
import { Store } from '@ngrx/store';
import {
  CONSULTATION_STATUS_LABELS,
  TERMINAL_STATUSES,
  patientReadiness,
  timeZoneName,
  type Consultation,
  type PatientReadiness,
  type ReadinessDocument,
  type TransitionName,
  type TransitionRequest,
} from '@oblako/domain';
import { ApiClient, DataService, PendingDocs, TranslatePipe, TranslationService, readFirstPaintCopy, recordPageSnapshot, saveFirstPaintCopy, selectOnline, selectUser } from '@oblako/shell-kit';
// The .ics comes from the push module's server (its public contract, not its internals).
import { PUSH_API } from '../../../push/api';
import { catchError, combineLatest, filter, firstValueFrom, map, of, switchMap } from 'rxjs';
import { CONSULTATIONS_COLLECTION, CONSULTATION_LOCAL_PREFIX } from '../../schema';
import { SPECIALTIES, specialtyLabel } from '../../specialties';
import { ConsultationActions } from '../shared/consultation-actions.service';
import { registerConsultationIcons } from '../shared/icons';
import { TextDialogComponent, type TextDialogData } from '../shared/text-dialog.component';
import { ViewerZone } from '../shared/viewer-zone.service';
import { BookConsultationComponent } from './book-consultation.component';
import { checklistOf } from './checklist';
import { PatientConsultationCardComponent } from './consultation-card.component';
import { PATIENT_PAGE_COPY, isPatientPageCopy, type PatientPageCopy } from './first-paint';
import { ReadinessChecklistComponent } from './readiness-checklist.component';
import { videoJoinOf, type VideoJoin } from './video-join';

interface FileRecord {
  fileId: string;
  status: string;
}

const isActive = (consultation: Consultation) => !TERMINAL_STATUSES.includes(consultation.status);

/**
 * The patient's «Консультации»: what still has to be uploaded, booking a consultation, and every
 * consultation with its doctor, specialty, status and time in the patient's zone, with the
 * actions the state machine allows now (cancel, ask for another time, «Документы загружены»).
 * Everything reads and writes the device's data: works offline, syncs later. At start the page
 * draws what it showed last time (its first-paint copy) while RxDB loads, then the live data.
 */
@Component({
  selector: 'ob-patient-consultations',
  imports: [TranslatePipe, ReadinessChecklistComponent, BookConsultationComponent, PatientConsultationCardComponent],
  templateUrl: './consultations.page.html',
  styleUrl: './consultations.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientConsultationsPage {
  private readonly data = inject(DataService);
  private readonly api = inject(ApiClient);
  private readonly actions = inject(ConsultationActions);
  private readonly i18n = inject(TranslationService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly zone = inject(ViewerZone).zone;
  private readonly store = inject(Store);
  private readonly router = inject(Router);
  private readonly user = this.store.selectSignal(selectUser);
  private readonly online = this.store.selectSignal(selectOnline);

  readonly busy = signal(false);
  /** The clock the video button follows (it appears 15 minutes before the slot). */
  readonly now = signal(Date.now());
  readonly specialty = signal<string>('');
  /** What this page showed last time on this device, for this person (null: nothing to draw yet). */
  private readonly copy: PatientPageCopy | null = ((id) => (id ? readFirstPaintCopy(PATIENT_PAGE_COPY, id, isPatientPageCopy) : null))(this.user()?.id);

  /** Stops keeping the page's snapshot (when the page goes). */
  private stopSnapshots: (() => void) | null = null;

  private readonly allowedById = signal<ReadonlyMap<string, readonly TransitionName[]>>(new Map(Object.entries(this.copy?.allowed ?? {})));

  private readonly userId$ = toObservable(this.user).pipe(
    map((user) => user?.id ?? null),
    filter((id): id is string => id !== null),
  );

  /** The device's consultations, live; undefined until the local query first answers. */
  private readonly liveConsultations = toSignal(
    this.userId$.pipe(switchMap((patientId) => this.data.find$<Consultation>(CONSULTATIONS_COLLECTION, { patientId }).pipe(catchError(() => of([]))))),
  );
  /** Undefined only while nothing is known: no copy and the local query has not answered. */
  readonly consultations = computed(() => this.liveConsultations() ?? this.copy?.consultations);

  private readonly liveDocuments = toSignal(
    this.userId$.pipe(
      switchMap((patientId) =>
        combineLatest([
          this.data.find$<ReadinessDocument>('documents', { patientId }).pipe(catchError(() => of([]))),
          this.data.find$<FileRecord>('document_files', { patientId }).pipe(catchError(() => of([]))),
        ]),
      ),
    ),
  );

  readonly pending = toSignal(inject(PendingDocs).ids$(CONSULTATIONS_COLLECTION).pipe(catchError(() => of(new Set<string>()))), {
    initialValue: new Set<string>() as ReadonlySet<string>,
  });

  readonly readiness = computed((): PatientReadiness => {
    const live = this.liveDocuments();
    if (!live && this.copy) return this.copy.readiness;
    const [documents, records] = live ?? [[], []];
    const uploadedFileIds = new Set(records.filter((record) => record.status === 'uploaded').map((record) => record.fileId));
    return patientReadiness(documents, { uploadedFileIds });
  });
  readonly checklist = computed(() => checklistOf(this.readiness()));

  readonly active = computed(() => (this.consultations() ?? []).filter(isActive));
  readonly groups = computed(() => {
    const all = this.consultations() ?? [];
    const startOf = (c: Consultation) => c.slot?.start ?? c.createdAt;
    const upcoming = all.filter(isActive).sort((a, b) => startOf(a).localeCompare(startOf(b)));
    const past = all.filter((c) => !isActive(c)).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    return [
      { key: 'consultations.patient.upcoming', items: upcoming },
      { key: 'consultations.patient.past', items: past },
    ];
  });

  readonly specialties = computed(() => {
    const language = this.i18n.language();
    return SPECIALTIES.map((s) => ({ code: s.code, label: s[language] })).sort((a, b) => a.label.localeCompare(b.label, language));
  });
  readonly zoneName = computed(() => timeZoneName(this.zone(), this.i18n.language()));

  /** The consultation a tapped push opened (`?c=<id>`, modules/push): outlined and scrolled to. */
  readonly focusId = toSignal(inject(ActivatedRoute).queryParamMap.pipe(map((params) => params.get('c'))), { initialValue: null });

  constructor() {
    registerConsultationIcons();
    const clock = setInterval(() => this.now.set(Date.now()), 30_000);
    const destroyRef = inject(DestroyRef);
    destroyRef.onDestroy(() => clearInterval(clock));
    effect(() => {
      const id = this.focusId();
      if (!id || !(this.consultations() ?? []).some((c) => c.id === id)) return;
      setTimeout(() => document.querySelector(`[data-testid=consultation-card][data-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'center' }));
    });
    // What each card may offer: the state machine with this device's context, again whenever
    // the consultations or the documents change.
    effect(() => {
      const consultations = this.consultations() ?? [];
      this.liveDocuments();
      void this.refreshAllowed(consultations);
    });
    // The first-paint copy follows what the live data shows (never the copy itself back).
    effect(() => {
      const user = this.user();
      const consultations = this.liveConsultations();
      if (!user || consultations === undefined || this.liveDocuments() === undefined) return;
      const allowed = this.allowedById();
      const copy: PatientPageCopy = {
        consultations,
        readiness: this.readiness(),
        allowed: Object.fromEntries(consultations.map((c) => [c.id, [...(allowed.get(c.id) ?? [])]])),
      };
      // Its address too: a start there draws from the copy and holds RxDB back until then (FirstPageDrawn).
      const address = this.router.url.split(/[?#]/)[0]!;
      saveFirstPaintCopy(PATIENT_PAGE_COPY, user.id, copy, address);
      // And what the screen shows, for the light first paint of the next cold start (start/first-paint-light.ts).
      if (!this.stopSnapshots) this.stopSnapshots = recordPageSnapshot(user.id, address, () => this.i18n.language());
    });
    destroyRef.onDestroy(() => this.stopSnapshots?.());
  }

  private async refreshAllowed(consultations: readonly Consultation[]): Promise<void> {
    const entries = await Promise.all(consultations.map(async (c) => [c.id, await this.actions.allowed(c)] as const));
    this.allowedById.set(new Map(entries));
  }

  allowedFor(id: string): readonly TransitionName[] {
    return this.allowedById().get(id) ?? [];
  }

  videoJoin(consultation: Consultation): VideoJoin | null {
    return videoJoinOf(consultation, this.now(), this.online(), this.zone(), this.i18n.language());
  }

  specialtyName(code: string): string {
    return specialtyLabel(code, this.i18n.language());
  }

  statusLabel(consultation: Consultation): string {
    return CONSULTATION_STATUS_LABELS[consultation.status][this.i18n.language()];
  }

  async book(): Promise<void> {
    const user = this.user();
    const specialty = this.specialty();
    if (!user || !specialty) return;
    const id = `${user.id}:${CONSULTATION_LOCAL_PREFIX}${crypto.randomUUID()}`;
    const done = await this.run(null, { transition: 'open', id, patientId: user.id, specialty }, 'consultations.patient.book.done', 'consultations.patient.book.doneOffline');
    if (done) this.specialty.set('');
  }

  documentsProvided(consultation: Consultation): Promise<boolean> {
    return this.run(consultation, { transition: 'documents_provided' }, 'consultations.patient.documentsProvidedDone');
  }

  async askOtherTime(consultation: Consultation): Promise<void> {
    const comment = await this.ask({
      title: 'consultations.patient.otherTimeTitle',
      label: 'consultations.patient.otherTimeComment',
      confirm: 'consultations.patient.otherTimeConfirm',
      maxLength: 2000,
    });
    if (comment === undefined) return;
    const request: TransitionRequest = comment ? { transition: 'request_other_time', comment } : { transition: 'request_other_time' };
    await this.run(consultation, request, 'consultations.patient.otherTimeDone');
  }

  /** «Добавить в календарь»: the server's .ics (the consultation's UID, so a new download after a move updates the event). */
  async addToCalendar(consultation: Consultation): Promise<void> {
    try {
      const file = await this.api.download(PUSH_API.calendar.replace(':consultationId', encodeURIComponent(consultation.id)), 'consultation.ics');
      const url = URL.createObjectURL(file.blob);
      const link = Object.assign(document.createElement('a'), { href: url, download: file.fileName });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      this.snackBar.open(error instanceof Error ? error.message : String(error), undefined, { duration: 6000 });
    }
  }

  async cancel(consultation: Consultation): Promise<void> {
    const reason = await this.ask({
      title: 'consultations.patient.cancelTitle',
      label: 'consultations.patient.cancelReason',
      confirm: 'consultations.patient.cancelConfirm',
      maxLength: 1000,
      ...(this.online() ? {} : { note: this.i18n.t('consultations.patient.cancelOffline') }),
    });
    if (reason === undefined) return;
    const request: TransitionRequest = reason ? { transition: 'cancel_by_patient', reason } : { transition: 'cancel_by_patient' };
    await this.run(consultation, request, 'consultations.patient.cancelDone', 'consultations.patient.cancelOffline');
  }

  private async ask(data: TextDialogData): Promise<string | undefined> {
    const ref = this.dialog.open<TextDialogComponent, TextDialogData, string>(TextDialogComponent, { data, autoFocus: 'dialog' });
    return firstValueFrom(ref.afterClosed());
  }

  /** Applies one transition on the device; tells the person what happened (also when it waits for the network). */
  private async run(consultation: Consultation | null, request: TransitionRequest, doneKey: string, offlineKey = 'consultations.patient.savedOffline'): Promise<boolean> {
    this.busy.set(true);
    try {
      const result = await this.actions.apply(consultation, request);
      if (!result.ok) {
        this.snackBar.open(result.message, undefined, { duration: 6000 });
        return false;
      }
      this.snackBar.open(this.i18n.t(result.savedOffline ? offlineKey : doneKey), undefined, { duration: 5000 });
      return true;
    } finally {
      this.busy.set(false);
    }
  }
}
