import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked, type OnInit } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatProgressBar } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { isValidTimeZone, type Consultation } from '@oblako/domain';
import { ApiCallError, DataService, TranslatePipe, TranslationService, selectOnline, selectUser } from '@oblako/shell-kit';
import { catchError, map, of, switchMap } from 'rxjs';
import { CONSULTATIONS_COLLECTION } from '../../consultations/index';
import { videoErrorMessage, type VideoErrorCode } from '../messages';
import type { CallPresence, CallTicket } from '../api';
import { AfterCallComponent } from './after-call.component';
import { CallApi } from './call-api';
import { CallViewComponent } from './call-view.component';
import { ConsultationSteps } from './consultation-steps';
import { DeviceCheckComponent } from './device-check.component';
import { JitsiProvider } from './jitsi-provider';
import { stopStream } from './media';
import { PeerProvider } from './peer-provider';
import type { VideoProvider } from './video-provider';
import { WaitingPatients } from './waiting-patients';
import { WaitingRoomComponent } from './waiting-room.component';

type Stage = 'loading' | 'refused' | 'check' | 'room' | 'after';

/**
 * The video consultation of one consultation, for its patient and its doctor: ticket (the
 * server's join rules) → device check → waiting room → the call → after the call. The doctor's
 * «Начать консультацию» is the consultation's `start` and admits the patient; «Завершить
 * консультацию» ends the call for both, records its duration and leads to the conclusion form.
 */
@Component({
  selector: 'ob-call-page',
  imports: [AfterCallComponent, CallViewComponent, DeviceCheckComponent, MatButton, MatProgressBar, RouterLink, TranslatePipe, WaitingRoomComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './call.page.html',
  styles: `
    :host { display: block; max-width: 1280px; margin: 0 auto; padding: 12px; }
    .page { display: grid; gap: 12px; }
    h1 { margin: 0; font: var(--mat-sys-headline-small); }
    /* On a phone the call takes the whole screen between the app's bars. */
    @media (max-width: 699px) { h1.in-call { display: none; } :host { padding: 8px; } }
    .error { color: var(--mat-sys-error); margin: 0; }
    /* The call view waits, built but not shown, in the waiting room (see call.page.html). */
    .pending { display: none; }
    .narrow { max-width: 640px; }
  `,
})
export class CallPage implements OnInit {
  readonly consultationId = input.required<string>();
  private readonly api = inject(CallApi);
  private readonly steps = inject(ConsultationSteps);
  private readonly data = inject(DataService);
  private readonly router = inject(Router);
  private readonly i18n = inject(TranslationService);
  readonly online = inject(Store).selectSignal(selectOnline);
  readonly user = inject(Store).selectSignal(selectUser);

  readonly stage = signal<Stage>('loading');
  readonly refusal = signal<string | null>(null);
  readonly ticket = signal<CallTicket | null>(null);
  readonly provider = signal<VideoProvider | null>(null);
  readonly local = signal<MediaStream | null>(null);
  private readonly waiting = inject(WaitingPatients);
  private readonly fetchedPresence = signal<CallPresence | null>(null);
  /** Live from the doctor's presence stream; the value fetched on entering the room until then. */
  readonly presence = computed(() => this.waiting.presence().get(this.consultationId()) ?? this.fetchedPresence());
  readonly busy = signal(false);
  readonly ended = signal(false);
  readonly minutes = signal<number | null>(null);
  readonly replaced = signal(false);
  readonly now = signal(Date.now());
  readonly language = computed(() => this.i18n.language());

  readonly consultation = toSignal(
    toObservable(this.consultationId).pipe(
      switchMap((id) => this.data.doc$<Consultation>(CONSULTATIONS_COLLECTION, id).pipe(catchError(() => of(null)))),
    ),
    { initialValue: null },
  );
  private readonly storedZone = toSignal(
    toObservable(this.user).pipe(
      switchMap((user) => {
        if (!user) return of(null);
        const [collection, id] = user.role === 'doctor' ? ['doctor_settings', `${user.id}:settings`] : ['profiles', `${user.id}:profile`];
        return this.data.doc$<{ timeZone?: string }>(collection!, id!).pipe(map((doc) => doc?.timeZone ?? null), catchError(() => of(null)));
      }),
    ),
    { initialValue: null },
  );
  /** Times in the viewer's zone: the patient's profile, the doctor's calendar, else this device's. */
  readonly zone = computed(() => {
    const stored = this.storedZone();
    return stored && isValidTimeZone(stored) ? stored : Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  });
  /** The waiting room turns into the call once the media is up; a reconnection keeps the call on screen. */
  readonly inCall = computed(() => {
    const provider = this.provider();
    if (!provider) return false;
    return provider.drawsItself || provider.remoteStream() !== null;
  });

  constructor() {
    const destroyRef = inject(DestroyRef);
    const clock = setInterval(() => this.now.set(Date.now()), 15_000);
    destroyRef.onDestroy(() => {
      clearInterval(clock);
      this.hangUp();
    });
    this.waiting.start();
    // The patient's device is back (after a network switch): the doctor's side calls at once.
    effect(() => {
      const state = this.presence()?.patient;
      if (state === 'waiting' || state === 'in_call') untracked(this.provider)?.otherSideBack();
    });
    // The patient learns that the consultation is over from the replicated consultation too.
    effect(() => {
      const status = this.consultation()?.status;
      if ((status === 'held' || status === 'done') && untracked(this.stage) === 'room' && this.user()?.role === 'patient') void this.finish(true);
    });
  }

  ngOnInit(): void {
    // Inputs (the route's consultation id) are bound from here on.
    void this.start();
  }

  /** Asks the server for a ticket (join rules), then the device check. */
  async start(): Promise<void> {
    this.stage.set('loading');
    this.refusal.set(null);
    if (!this.online()) {
      this.refusal.set(this.i18n.t('video.offline'));
      this.stage.set('refused');
      return;
    }
    try {
      this.ticket.set(await this.api.ticket(this.consultationId()));
      this.stage.set('check');
    } catch (error) {
      this.refusal.set(this.refusalText(error));
      this.stage.set('refused');
    }
  }

  /** Device check done: into the waiting room, connected, so the other side sees us arrive. */
  async enterRoom(choice: { stream: MediaStream; audioOnly: boolean }): Promise<void> {
    const ticket = this.ticket();
    if (!ticket) return;
    this.local.set(choice.stream);
    const provider: VideoProvider =
      ticket.provider === 'jitsi'
        ? new JitsiProvider(ticket, this.user()?.name ?? '', choice.audioOnly)
        : new PeerProvider({
            ticket,
            local: choice.stream,
            renewTicket: () => this.api.ticket(this.consultationId()),
            onServerMessage: (message) => void this.onServerMessage(message),
            onAudioOnly: () => void this.api.audioOnly(this.consultationId()),
          });
    this.provider.set(provider);
    this.stage.set('room');
    if (!provider.drawsItself) {
      try {
        await provider.open();
      } catch (error) {
        this.refusal.set(this.refusalText(error));
        this.hangUp();
        this.stage.set('refused');
        return;
      }
    }
    if (ticket.role === 'doctor') {
      this.fetchedPresence.set(await this.api.presence(this.consultationId()).catch(() => null));
      // Already started (the doctor came back to the call): let the patient in at once.
      if (this.consultation()?.status === 'in_progress' || ticket.status === 'in_progress') provider.admit();
    }
  }

  /** «Начать консультацию»: the consultation's `start`, then the patient is admitted. */
  async startConsultation(): Promise<void> {
    this.busy.set(true);
    const admit = () => this.provider()?.admit();
    const problem = this.consultation()?.status === 'in_progress' ? (admit(), null) : await this.steps.take(this.consultationId(), 'start', admit, this.consultation());
    this.busy.set(false);
    this.refusal.set(problem);
  }

  /** «Завершить консультацию»: the call ends for both, its duration is recorded, then `complete` and the conclusion form. */
  async endConsultation(): Promise<void> {
    this.busy.set(true);
    try {
      await this.api.end(this.consultationId());
    } catch {
      // Offline at the very end: the consultation is still completed on this device.
    }
    const problem = await this.steps.take(this.consultationId(), 'complete');
    this.busy.set(false);
    this.hangUp();
    if (problem) this.refusal.set(problem);
    await this.router.navigate(['/consultations/c', this.consultationId()], { fragment: 'conclusion' });
  }

  leave(): void {
    this.hangUp();
    this.ended.set(false);
    this.stage.set('after');
  }

  private async onServerMessage(message: string): Promise<void> {
    if (message === 'replaced_by_another_device') {
      this.replaced.set(true);
      this.refusal.set(this.i18n.t('video.call.replaced'));
      this.hangUp();
      this.stage.set('refused');
      return;
    }
    await this.finish(true);
  }

  private async finish(ended: boolean): Promise<void> {
    this.hangUp();
    this.ended.set(ended);
    this.stage.set('after');
    const log = await this.api.log(this.consultationId()).catch(() => null);
    if (log?.durationSeconds !== undefined) this.minutes.set(Math.max(1, Math.round(log.durationSeconds / 60)));
  }

  private hangUp(): void {
    this.provider()?.close();
    this.provider.set(null);
    stopStream(this.local());
    this.local.set(null);
  }

  private refusalText(error: unknown): string {
    if (error instanceof ApiCallError) {
      const body = error.body;
      if (typeof body['opensAt'] === 'string' && typeof body['closesAt'] === 'string') {
        return videoErrorMessage(error.code as VideoErrorCode, this.i18n.language(), { opensAt: body['opensAt'], closesAt: body['closesAt'] }, this.zone());
      }
      return error.message;
    }
    return this.i18n.t('video.check.connectionNone');
  }
}
