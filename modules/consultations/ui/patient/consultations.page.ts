import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import {
  CONSULTATION_STATUS_LABELS,
  START_EARLY_MINUTES,
  TERMINAL_STATUSES,
  formatInZone,
  patientReadiness,
  timeZoneName,
  type Consultation,
  type PatientReadiness,
  type ReadinessDocument,
  type ReadinessRequirement,
  type TransitionName,
  type TransitionRequest,
} from '@oblako/domain';
import { ApiClient, DataService, PendingDocs, TranslatePipe, TranslationService, selectOnline, selectUser } from '@oblako/shell-kit';
// The .ics comes from the push module's server (its public contract, not its internals).
import { PUSH_API } from '../../../push/api';
import { catchError, combineLatest, filter, firstValueFrom, map, of, switchMap } from 'rxjs';
import { CONSULTATIONS_COLLECTION, CONSULTATION_LOCAL_PREFIX } from '../../schema';
import { SPECIALTIES, specialtyLabel } from '../../specialties';

/** The video module's default join window after the slot (VIDEO_JOIN_AFTER_MINUTES). */
const CALL_OPEN_AFTER_MINUTES = 30;
import { ConsultationActions } from '../shared/consultation-actions.service';
import { CallEventsComponent } from '../shared/call-events.component';
import { ConsultationTimePipe } from '../shared/consultation-time.pipe';
import { registerConsultationIcons } from '../shared/icons';
import { TextDialogComponent, type TextDialogData } from '../shared/text-dialog.component';
import { ViewerZone } from '../shared/viewer-zone.service';

interface FileRecord {
  fileId: string;
  status: string;
}

export type ChecklistState = 'done' | 'pending' | 'missing';

/** One line of «Что нужно загрузить» per requirement of the seed's rule. */
export function checklistOf(readiness: PatientReadiness): { requirement: ReadinessRequirement; state: ChecklistState }[] {
  return (['conclusion', 'examination'] as const).map((requirement) => ({
    requirement,
    state: readiness.counts[requirement] > 0 ? 'done' : readiness.pending.includes(requirement) ? 'pending' : 'missing',
  }));
}

const isActive = (consultation: Consultation) => !TERMINAL_STATUSES.includes(consultation.status);

/**
 * The patient's «Консультации»: what still has to be uploaded, booking a consultation, and every
 * consultation with its doctor, specialty, status and time in the patient's zone, with the
 * actions the state machine allows now (cancel, ask for another time, «Документы загружены»).
 * Everything reads and writes the device's data: works offline, syncs later.
 */
@Component({
  selector: 'ob-patient-consultations',
  imports: [MatButton, MatIcon, MatFormField, MatLabel, MatSelect, MatOption, RouterLink, TranslatePipe, ConsultationTimePipe, CallEventsComponent],
  template: `
    <h1 class="page-title">{{ 'consultations.patient.title' | t }}</h1>

    <section class="checklist" data-testid="consultation-checklist" [attr.aria-label]="'consultations.patient.checklist.title' | t">
      <h2>{{ 'consultations.patient.checklist.title' | t }}</h2>
      <ul>
        @for (line of checklist(); track line.requirement) {
          <li [class]="'state-' + line.state" [attr.data-testid]="'checklist-' + line.requirement" [attr.data-state]="line.state">
            <mat-icon [svgIcon]="line.state === 'done' ? 'check_circle' : line.state === 'pending' ? 'hourglass_empty' : 'radio_button_unchecked'" />
            <span>{{ 'consultations.patient.checklist.' + line.requirement | t }} — <strong>{{ 'consultations.patient.checklist.' + line.state | t }}</strong></span>
          </li>
        }
      </ul>
      @if (readiness().ready) {
        <p class="ready" data-testid="checklist-ready">{{ 'consultations.patient.checklist.ready' | t }}</p>
      } @else {
        <a mat-stroked-button routerLink="/documents/new" data-testid="checklist-add"><mat-icon svgIcon="add" />{{ 'consultations.patient.checklist.add' | t }}</a>
      }
    </section>

    @if (consultations() !== undefined && active().length === 0) {
      <section class="book" data-testid="book">
        <h2>{{ 'consultations.patient.book.title' | t }}</h2>
        <p>{{ 'consultations.patient.book.text' | t }}</p>
        <div class="book__row">
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ 'consultations.patient.book.specialty' | t }}</mat-label>
            <mat-select [value]="specialty()" (valueChange)="specialty.set($event)" data-testid="book-specialty">
              @for (option of specialties(); track option.code) {
                <mat-option [value]="option.code">{{ option.label }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <button mat-flat-button type="button" data-testid="book-submit" [disabled]="!specialty() || busy()" (click)="book()">
            {{ 'consultations.patient.book.submit' | t }}
          </button>
        </div>
      </section>
    }

    <p class="zone" data-testid="viewer-zone">{{ 'consultations.patient.zoneNote' | t: { zone: zoneName() } }}</p>

    @if (consultations() === undefined) {
      <p>{{ 'consultations.loading' | t }}</p>
    } @else if (consultations()!.length === 0) {
      <p class="empty" data-testid="no-consultations">{{ 'consultations.patient.none' | t }}</p>
    } @else {
      @for (group of groups(); track group.key) {
        @if (group.items.length > 0) {
          <h2 class="group-title">{{ group.key | t }}</h2>
          <div class="list">
            @for (c of group.items; track c.id) {
              <article class="card" data-testid="consultation-card" [class.card--focus]="c.id === focusId()" [attr.data-status]="c.status" [attr.data-id]="c.id">
                <header class="card__head">
                  <div>
                    <h3 class="card__title">{{ specialtyName(c.specialty) }}</h3>
                    <p class="card__doctor" data-testid="consultation-doctor">{{ c.doctorName || ('consultations.patient.noDoctor' | t) }}</p>
                  </div>
                  <span class="status" [class]="'status status--' + c.status" data-testid="consultation-status">{{ statusLabel(c) }}</span>
                </header>

                @if (c.slot) {
                  <p class="card__time" data-testid="consultation-time"><mat-icon svgIcon="schedule" />{{ c.slot | consultationTime }}</p>
                  @if (c.status === 'scheduled') {
                    <button mat-button type="button" class="card__calendar" data-testid="add-to-calendar" [title]="'push.calendarHint' | t" (click)="addToCalendar(c)">
                      <mat-icon svgIcon="calendar_month" />{{ 'push.calendar' | t }}
                    </button>
                  }
                } @else if (isActiveConsultation(c)) {
                  <p class="card__muted">{{ 'consultations.patient.noTime' | t }}</p>
                }

                @if (videoJoin(c); as join) {
                  <div class="card__video" data-testid="video-join" [attr.data-state]="join.state">
                    @switch (join.state) {
                      @case ('open') {
                        <a mat-flat-button [routerLink]="['/video', c.id]" data-testid="join-video"><mat-icon svgIcon="videocam" />{{ 'consultations.patient.video.join' | t }}</a>
                      }
                      @case ('offline') {
                        <button mat-flat-button type="button" disabled data-testid="join-video"><mat-icon svgIcon="videocam" />{{ 'consultations.patient.video.join' | t }}</button>
                        <p class="card__muted">{{ 'consultations.patient.video.offline' | t }}</p>
                      }
                      @case ('soon') {
                        <p class="card__muted" data-testid="video-opens">{{ 'consultations.patient.video.opens' | t: { time: join.opensText } }}</p>
                      }
                    }
                  </div>
                }

                <ob-call-events [events]="c.callEvents" />

                @if (pending().has(c.id)) {
                  <p class="card__pending" data-testid="consultation-pending"><mat-icon svgIcon="cloud_upload" />{{ 'consultations.pendingSync' | t }}</p>
                }

                @if (c.status === 'documents_requested' && c.documentsRequest) {
                  <div class="card__note" data-testid="documents-request">
                    <strong>{{ 'consultations.patient.documentsRequest' | t }}:</strong> {{ c.documentsRequest.comment }}
                  </div>
                }
                @if (c.timeRequest && c.status === 'scheduled') {
                  <div class="card__note" data-testid="time-request">
                    <strong>{{ 'consultations.patient.timeRequest' | t }}</strong>@if (c.timeRequest.comment) {: {{ c.timeRequest.comment }}}
                  </div>
                }
                @if (c.status === 'cancelled' && c.cancellation) {
                  <div class="card__note" data-testid="cancellation">
                    <strong>{{ 'consultations.patient.cancelledBy.' + c.cancellation.by | t }}</strong>
                    @if (c.cancellation.reason) {
                      <br />{{ 'consultations.patient.reason' | t }}: {{ c.cancellation.reason }}
                    }
                  </div>
                }
                @if (c.status === 'done' && c.conclusionId) {
                  <div class="card__note card__note--conclusion" data-testid="conclusion">
                    <mat-icon svgIcon="description" />
                    <span><strong>{{ 'consultations.patient.conclusion' | t }}.</strong> {{ 'consultations.patient.conclusionReady' | t }}</span>
                    <a mat-button routerLink="/documents" data-testid="open-conclusion">{{ 'consultations.patient.openConclusion' | t }}</a>
                  </div>
                }

                @if (allowedFor(c.id).length > 0) {
                  <div class="card__actions">
                    @if (can(c, 'documents_provided')) {
                      <button mat-flat-button type="button" data-testid="action-documents-provided" [disabled]="busy()" (click)="documentsProvided(c)">
                        {{ 'consultations.patient.documentsProvided' | t }}
                      </button>
                    }
                    @if (can(c, 'request_other_time')) {
                      <button mat-stroked-button type="button" data-testid="action-other-time" [disabled]="busy()" (click)="askOtherTime(c)">
                        {{ 'consultations.patient.otherTime' | t }}
                      </button>
                    }
                    @if (can(c, 'cancel_by_patient')) {
                      <button mat-button type="button" class="danger" data-testid="action-cancel" [disabled]="busy()" (click)="cancel(c)">
                        {{ 'consultations.patient.cancel' | t }}
                      </button>
                    }
                  </div>
                }
              </article>
            }
          </div>
        }
      }
    }
  `,
  styles: `
    .page-title { margin: 0 0 12px; }
    .checklist, .book { border-radius: 12px; background: var(--mat-sys-surface-container-low); padding: 12px 16px; margin-bottom: 16px; }
    .checklist h2, .book h2 { margin: 0 0 6px; font: var(--mat-sys-title-small); }
    .checklist ul { list-style: none; margin: 0 0 8px; padding: 0; display: grid; gap: 6px; }
    .checklist li { display: flex; align-items: flex-start; gap: 8px; font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
    .checklist li.state-done { color: var(--mat-sys-on-surface); }
    .checklist li.state-done mat-icon { color: var(--mat-sys-primary); }
    .checklist li.state-pending mat-icon { color: var(--mat-sys-tertiary); }
    .checklist mat-icon { flex: none; width: 20px; height: 20px; }
    .checklist a, .book button { min-height: 48px; }
    .ready { margin: 0; font: var(--mat-sys-body-medium); color: var(--mat-sys-primary); }
    .book p { margin: 0 0 8px; font: var(--mat-sys-body-medium); }
    .book__row { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
    .book__row mat-form-field { flex: 1 1 240px; }
    .zone { margin: 0 0 8px; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .group-title { font: var(--mat-sys-title-medium); margin: 16px 0 8px; }
    .list { display: grid; gap: 12px; }
    .card { border-radius: 12px; border: 1px solid var(--mat-sys-outline-variant); background: var(--mat-sys-surface); padding: 12px 16px; display: grid; gap: 6px; }
    .card--focus { border: 2px solid var(--mat-sys-primary); }
    .card__head { display: flex; justify-content: space-between; gap: 8px; align-items: flex-start; }
    .card__title { margin: 0; font: var(--mat-sys-title-medium); }
    .card__doctor, .card__muted { margin: 0; font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
    .card__time, .card__pending { margin: 0; display: flex; gap: 6px; align-items: center; font: var(--mat-sys-body-large); }
    .card__pending { font: var(--mat-sys-label-medium); color: var(--mat-sys-tertiary); }
    .card mat-icon { flex: none; width: 20px; height: 20px; }
    .card__note { border-radius: 8px; background: var(--mat-sys-surface-container); padding: 8px 12px; font: var(--mat-sys-body-medium); overflow-wrap: anywhere; }
    .card__note--conclusion { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    .status { flex: none; border-radius: 8px; padding: 4px 8px; font: var(--mat-sys-label-medium); background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    .status--cancelled { background: var(--mat-sys-surface-container-highest); color: var(--mat-sys-on-surface-variant); }
    .status--scheduled, .status--done { background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
    .card__video { display: grid; gap: 4px; justify-items: stretch; }
    .card__video a, .card__video button { min-height: 48px; }
    @media (min-width: 700px) { .card__video { justify-items: start; } }
    .card__actions { display: flex; gap: 8px; flex-wrap: wrap; justify-content: flex-end; }
    .card__actions button { min-height: 48px; }
    .card__calendar { min-height: 48px; margin: -4px 0 4px; }
    .danger { color: var(--mat-sys-error); }
    .empty { color: var(--mat-sys-on-surface-variant); }
  `,
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
  private readonly user = this.store.selectSignal(selectUser);
  private readonly online = this.store.selectSignal(selectOnline);

  readonly busy = signal(false);
  /** The clock the video button follows (it appears 15 minutes before the slot). */
  readonly now = signal(Date.now());
  readonly specialty = signal<string>('');
  private readonly allowedById = signal<ReadonlyMap<string, readonly TransitionName[]>>(new Map());

  private readonly userId$ = toObservable(this.user).pipe(
    map((user) => user?.id ?? null),
    filter((id): id is string => id !== null),
  );

  readonly consultations = toSignal(
    this.userId$.pipe(switchMap((patientId) => this.data.find$<Consultation>(CONSULTATIONS_COLLECTION, { patientId }).pipe(catchError(() => of([]))))),
  );

  private readonly documents = toSignal(
    this.userId$.pipe(
      switchMap((patientId) =>
        combineLatest([
          this.data.find$<ReadinessDocument>('documents', { patientId }).pipe(catchError(() => of([]))),
          this.data.find$<FileRecord>('document_files', { patientId }).pipe(catchError(() => of([]))),
        ]),
      ),
    ),
    { initialValue: [[], []] as [ReadinessDocument[], FileRecord[]] },
  );

  readonly pending = toSignal(inject(PendingDocs).ids$(CONSULTATIONS_COLLECTION).pipe(catchError(() => of(new Set<string>()))), {
    initialValue: new Set<string>() as ReadonlySet<string>,
  });

  readonly readiness = computed(() => {
    const [documents, records] = this.documents();
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
    inject(DestroyRef).onDestroy(() => clearInterval(clock));
    effect(() => {
      const id = this.focusId();
      if (!id || !(this.consultations() ?? []).some((c) => c.id === id)) return;
      setTimeout(() => document.querySelector(`[data-testid=consultation-card][data-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'center' }));
    });
    // What each card may offer: the state machine with this device's context, again whenever
    // the consultations or the documents change.
    effect(() => {
      const consultations = this.consultations() ?? [];
      this.documents();
      void this.refreshAllowed(consultations);
    });
  }

  private async refreshAllowed(consultations: readonly Consultation[]): Promise<void> {
    const entries = await Promise.all(consultations.map(async (c) => [c.id, await this.actions.allowed(c)] as const));
    this.allowedById.set(new Map(entries));
  }

  allowedFor(id: string): readonly TransitionName[] {
    return this.allowedById().get(id) ?? [];
  }

  can(consultation: Consultation, transition: TransitionName): boolean {
    return this.allowedFor(consultation.id).includes(transition);
  }

  /**
   * The video consultation (modules/video): from START_EARLY_MINUTES before the slot until
   * CALL_OPEN_AFTER_MINUTES after it, while scheduled or in progress; before that, when it opens.
   * The server's join rules decide; this only shows the way in.
   */
  videoJoin(consultation: Consultation): { state: 'open' | 'soon' | 'offline'; opensText: string } | null {
    if ((consultation.status !== 'scheduled' && consultation.status !== 'in_progress') || !consultation.slot) return null;
    const now = this.now();
    const opens = Date.parse(consultation.slot.start) - START_EARLY_MINUTES * 60_000;
    const closes = Date.parse(consultation.slot.end) + CALL_OPEN_AFTER_MINUTES * 60_000;
    if (now > closes) return null;
    const opensText = formatInZone(new Date(opens).toISOString(), this.zone(), this.i18n.language());
    if (now < opens) return { state: 'soon', opensText };
    return { state: this.online() ? 'open' : 'offline', opensText };
  }

  isActiveConsultation(consultation: Consultation): boolean {
    return isActive(consultation);
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
