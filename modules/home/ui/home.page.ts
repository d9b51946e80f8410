import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Store } from '@ngrx/store';
import { patientReadiness, timeZoneName, type Consultation, type ReadinessDocument } from '@oblako/domain';
import { DataService, TranslatePipe, TranslationService, selectOnline, selectUser } from '@oblako/shell-kit';
import { catchError, combineLatest, filter, map, of, switchMap } from 'rxjs';
import { REFERRALS_COLLECTION, type Referral } from '../../admin/index';
import { CONSULTATIONS_COLLECTION } from '../../consultations/index';
import { PROFILE_LOCAL_ID, type PatientProfile } from '../../profile/index';
import { nextStep } from '../next-step';
import { shouldAskZone, zoneAnswerKey } from '../zone-question';
import { ReferralCardComponent } from './referral-card.component';
import { StepCardComponent } from './step-card.component';
import { ZoneQuestionComponent } from './zone-question.component';
import { registerHomeIcons } from './icons';
import { DEVICE_TIME_ZONE, HOME_CLOCK } from './environment';

interface FileRecord {
  fileId: string;
  status: string;
}

/** How often the join button's window is re-checked (it opens 15 minutes before the slot). */
const CLOCK_TICK_MS = 30_000;

/**
 * «Главная»: the one next step, the referral and (once) the time-zone question. Everything comes
 * from the device's database (documents, their verified files, consultations, referrals, the
 * profile), so the page says the same offline; the step is `nextStep`, a pure function.
 */
@Component({
  selector: 'ob-home',
  imports: [TranslatePipe, StepCardComponent, ReferralCardComponent, ZoneQuestionComponent],
  template: `
    <h1 class="title">{{ greeting() }}</h1>
    @if (!online()) {
      <p class="offline" data-testid="home-offline">{{ 'home.offline' | t }}</p>
    }
    @if (askZone()) {
      <ob-home-zone-question [stored]="profile()!.timeZone" [device]="deviceZone" [busy]="savingZone()" (answer)="answerZone($event)" />
    }
    @if (step(); as s) {
      <ob-home-step-card [step]="s" [zone]="zone()" />
    } @else {
      <p data-testid="home-loading">{{ 'home.loading' | t }}</p>
    }
    @for (referral of referrals(); track referral.id) {
      <ob-home-referral-card [referral]="referral" [zone]="zone()" />
    }
  `,
  styles: `
    :host { display: grid; gap: 16px; }
    .title { margin: 0; font: var(--mat-sys-headline-small); overflow-wrap: anywhere; }
    .offline { margin: 0; font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HomePage {
  private readonly data = inject(DataService);
  private readonly i18n = inject(TranslationService);
  private readonly snackBar = inject(MatSnackBar);
  private readonly store = inject(Store);
  private readonly user = this.store.selectSignal(selectUser);
  readonly online = this.store.selectSignal(selectOnline);
  readonly deviceZone = inject(DEVICE_TIME_ZONE);
  private readonly clock = inject(HOME_CLOCK);
  private readonly now = signal(this.clock());
  readonly savingZone = signal(false);
  /** The device zone the person answered the question for (remembered on the device). */
  private readonly answeredFor = signal<string | null>(null);

  private readonly patientId$ = toObservable(this.user).pipe(
    map((user) => user?.id ?? null),
    filter((id): id is string => id !== null),
  );

  private readonly documents = toSignal(
    this.patientId$.pipe(
      switchMap((patientId) =>
        combineLatest([
          this.data.find$<ReadinessDocument>('documents', { patientId }),
          this.data.find$<FileRecord>('document_files', { patientId }),
        ]).pipe(catchError(() => of([[], []] as [ReadinessDocument[], FileRecord[]]))),
      ),
    ),
  );
  private readonly consultations = toSignal(
    this.patientId$.pipe(switchMap((patientId) => this.data.find$<Consultation>(CONSULTATIONS_COLLECTION, { patientId }).pipe(catchError(() => of([]))))),
  );
  private readonly referralDocs = toSignal(
    this.patientId$.pipe(switchMap((patientId) => this.data.find$<Referral>(REFERRALS_COLLECTION, { patientId }).pipe(catchError(() => of([]))))),
    { initialValue: [] as Referral[] },
  );
  readonly profile = toSignal(
    this.patientId$.pipe(switchMap((patientId) => this.data.doc$<PatientProfile>('profiles', `${patientId}:${PROFILE_LOCAL_ID}`).pipe(catchError(() => of(null))))),
    { initialValue: null },
  );

  /** Newest first: the latest referral is the one the current consultation follows. */
  readonly referrals = computed(() => [...this.referralDocs()].sort((a, b) => b.importedAt.localeCompare(a.importedAt)));
  readonly zone = computed(() => this.profile()?.timeZone || this.deviceZone);

  readonly step = computed(() => {
    const documents = this.documents();
    const consultations = this.consultations();
    if (documents === undefined || consultations === undefined) return null;
    const [docs, records] = documents;
    const uploadedFileIds = new Set(records.filter((record) => record.status === 'uploaded').map((record) => record.fileId));
    return nextStep({
      readiness: patientReadiness(docs, { uploadedFileIds }),
      consultations,
      referralProfile: this.referrals()[0]?.consultationProfile ?? '',
      now: this.now(),
      online: this.online(),
    });
  });

  readonly askZone = computed(() => shouldAskZone({ stored: this.profile()?.timeZone ?? null, device: this.deviceZone, answeredFor: this.answeredFor() }));

  readonly greeting = computed(() => {
    const name = (this.profile()?.fullName || this.user()?.name || '').trim();
    // «Здравствуйте, Мария Петровна!» — the name and patronymic, as Russian politeness has it.
    const parts = name.split(/\s+/).filter(Boolean);
    const address = parts.length >= 3 ? parts.slice(1).join(' ') : parts.length === 2 ? parts[1]! : parts[0] ?? '';
    return address ? this.i18n.t('home.greeting', { name: address }) : this.i18n.t('home.greetingNoName');
  });

  constructor() {
    registerHomeIcons();
    const clock = setInterval(() => this.now.set(this.clock()), CLOCK_TICK_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(clock));
    const userId = this.user()?.id;
    if (userId) this.answeredFor.set(readAnswer(userId));
  }

  async answerZone(zone: string | null): Promise<void> {
    const user = this.user();
    const profile = this.profile();
    if (!user || !profile) return;
    if (zone && zone !== profile.timeZone) {
      this.savingZone.set(true);
      try {
        const result = await this.data.patch('profiles', profile.id ?? `${user.id}:${PROFILE_LOCAL_ID}`, { timeZone: zone, updatedAt: new Date().toISOString() });
        const name = timeZoneName(zone, this.i18n.language());
        this.snackBar.open(this.i18n.t(result.savedOffline ? 'home.zone.savedOffline' : 'home.zone.saved', { zone: name }), undefined, { duration: 5000 });
      } catch {
        this.snackBar.open(this.i18n.t('home.zone.failed'), undefined, { duration: 5000 });
        return;
      } finally {
        this.savingZone.set(false);
      }
    }
    writeAnswer(user.id, this.deviceZone);
    this.answeredFor.set(this.deviceZone);
  }
}

function readAnswer(userId: string): string | null {
  try {
    return localStorage.getItem(zoneAnswerKey(userId));
  } catch {
    return null;
  }
}

function writeAnswer(userId: string, zone: string): void {
  try {
    localStorage.setItem(zoneAnswerKey(userId), zone);
  } catch {
    // No storage: the question comes back on the next visit, which is harmless.
  }
}
