import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, effect, inject, output, signal, viewChild } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent } from '@angular/material/card';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { TranslatePipe } from '@oblako/shell-kit';
import { browserHelp, cameraTrack, hasCamera, openMedia, stopStream, type Facing } from './media';

/** Slower than this to our server and back: the person is warned that video may switch off. */
const SLOW_ROUND_TRIP_MS = 600;

type Connection = { state: 'checking' } | { state: 'good' | 'slow'; ms: number } | { state: 'none' };

/**
 * The device check before the waiting room: camera preview (front/back on phones), a microphone
 * level meter, a speaker test sound, a connection check; when the browser refused, help for
 * the browser in use and «Продолжить без камеры». Emits the stream to call with.
 */
@Component({
  selector: 'ob-device-check',
  imports: [MatButton, MatCard, MatCardContent, MatIcon, MatProgressBar, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined"><mat-card-content class="check" data-testid="device-check">
      <h2>{{ 'video.check.title' | t }}</h2>
      <p class="muted">{{ 'video.check.intro' | t }}</p>

      @if (problem(); as reason) {
        <div class="problem" role="alert" data-testid="permission-help">
          <p class="error"><mat-icon svgIcon="warning" />{{ (reason === 'no_device' ? 'video.check.noCameraFound' : 'video.check.denied') | t }}</p>
          @if (reason !== 'no_device') {<p>{{ 'video.help.' + help | t }}</p>}
          @if (micDenied()) {<p class="error">{{ 'video.check.noMicrophone' | t }}</p>}
          <div class="actions">
            <button mat-stroked-button type="button" (click)="start(true)" data-testid="check-retry">{{ 'video.retry' | t }}</button>
            @if (!micDenied()) {
              <button mat-flat-button type="button" (click)="start(false)" data-testid="continue-without-camera">{{ 'video.check.noCamera' | t }}</button>
            }
          </div>
        </div>
      }

      <section class="row">
        <h3>{{ 'video.check.camera' | t }}</h3>
        <div class="preview" [class.off]="!hasVideo()">
          <video #preview autoplay playsinline muted data-testid="check-preview"></video>
          @if (!hasVideo()) {<mat-icon svgIcon="videocam_off" class="placeholder" />}
        </div>
        @if (hasVideo() && canSwitch()) {
          <button mat-stroked-button type="button" (click)="switchCamera()" data-testid="check-switch-camera">
            <mat-icon svgIcon="cameraswitch" />{{ 'video.check.switchCamera' | t }}
          </button>
        }
      </section>

      <section class="row">
        <h3>{{ 'video.check.microphone' | t }}</h3>
        <mat-progress-bar mode="determinate" [value]="level()" data-testid="mic-level" aria-label="Уровень микрофона" />
        <p class="muted">{{ 'video.check.micHint' | t }}</p>
      </section>

      <section class="row">
        <h3>{{ 'video.check.speaker' | t }}</h3>
        <button mat-stroked-button type="button" (click)="playTone()" data-testid="speaker-test"><mat-icon svgIcon="volume_up" />{{ 'video.check.playSound' | t }}</button>
        <p class="muted">{{ 'video.check.speakerHint' | t }}</p>
      </section>

      <section class="row">
        <h3>{{ 'video.check.connection' | t }}</h3>
        @switch (connection().state) {
          @case ('checking') {<p data-testid="connection-check">{{ 'video.check.checking' | t }}</p>}
          @case ('none') {<p class="error" data-testid="connection-check">{{ 'video.check.connectionNone' | t }}</p>}
          @default {<p data-testid="connection-check" [class.warn]="connection().state === 'slow'">{{ connectionText() | t: { ms: connectionMs() } }}</p>}
        }
      </section>

      <button mat-flat-button type="button" class="go" [disabled]="!stream()" (click)="continue()" data-testid="check-continue">{{ 'video.check.continue' | t }}</button>
    </mat-card-content></mat-card>
  `,
  styles: `
    .check { display: grid; gap: 12px; }
    h2 { margin: 0; font: var(--mat-sys-title-large); }
    h3 { margin: 0; font: var(--mat-sys-title-small); }
    .row { display: grid; gap: 8px; justify-items: start; }
    .row mat-progress-bar { width: min(320px, 100%); }
    .preview { position: relative; width: min(360px, 100%); aspect-ratio: 4 / 3; background: var(--mat-sys-inverse-surface); border-radius: 12px; overflow: hidden; }
    .preview video { width: 100%; height: 100%; object-fit: cover; transform: scaleX(-1); }
    .preview.off video { visibility: hidden; }
    .placeholder { position: absolute; inset: 0; margin: auto; color: var(--mat-sys-inverse-on-surface); width: 48px; height: 48px; }
    .muted { margin: 0; color: var(--mat-sys-on-surface-variant); }
    .error { color: var(--mat-sys-error); display: flex; gap: 6px; align-items: center; margin: 0; }
    .warn { color: var(--mat-sys-tertiary); }
    .problem { display: grid; gap: 8px; padding: 12px; border-radius: 12px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .problem p { margin: 0; }
    .actions { display: flex; gap: 8px; flex-wrap: wrap; }
    .go { justify-self: stretch; min-height: 48px; }
    @media (min-width: 700px) { .go { justify-self: start; min-width: 240px; } }
  `,
})
export class DeviceCheckComponent {
  readonly ready = output<{ stream: MediaStream; audioOnly: boolean }>();
  readonly stream = signal<MediaStream | null>(null);
  readonly hasVideo = signal(false);
  readonly canSwitch = signal(false);
  readonly problem = signal<'denied' | 'no_device' | 'in_use' | 'unsupported' | null>(null);
  readonly micDenied = signal(false);
  readonly level = signal(0);
  readonly connection = signal<Connection>({ state: 'checking' });
  readonly help = browserHelp(navigator.userAgent);
  private readonly preview = viewChild.required<ElementRef<HTMLVideoElement>>('preview');
  private facing: Facing = 'user';
  private audio: AudioContext | null = null;
  private meterFrame = 0;
  private handedOver = false;

  constructor() {
    effect(() => {
      this.preview().nativeElement.srcObject = this.stream();
    });
    void this.start(true);
    void this.checkConnection();
    inject(DestroyRef).onDestroy(() => {
      cancelAnimationFrame(this.meterFrame);
      void this.audio?.close();
      if (!this.handedOver) stopStream(this.stream());
    });
  }

  async start(video: boolean): Promise<void> {
    stopStream(this.stream());
    this.stream.set(null);
    const outcome = await openMedia({ video, facing: this.facing });
    if (!outcome.ok) {
      this.problem.set(outcome.reason);
      // Without a camera (denied or absent) the microphone alone may still be allowed.
      const audioOnly = await openMedia({ video: false });
      this.micDenied.set(!audioOnly.ok);
      if (audioOnly.ok) stopStream(audioOnly.stream);
      return;
    }
    this.problem.set(null);
    this.micDenied.set(false);
    this.stream.set(outcome.stream);
    this.hasVideo.set(outcome.stream.getVideoTracks().length > 0);
    this.canSwitch.set(this.hasVideo() && /Android|iPhone|iPad/.test(navigator.userAgent) && (await hasCamera()));
    this.meter(outcome.stream);
  }

  async switchCamera(): Promise<void> {
    const stream = this.stream();
    if (!stream) return;
    const next: Facing = this.facing === 'user' ? 'environment' : 'user';
    const track = await cameraTrack(next);
    if (!track) return;
    this.facing = next;
    for (const old of stream.getVideoTracks()) {
      stream.removeTrack(old);
      old.stop();
    }
    stream.addTrack(track);
    this.preview().nativeElement.srcObject = new MediaStream(stream.getTracks());
  }

  /** A short 440 Hz beep through the speaker the call will use. */
  async playTone(): Promise<void> {
    this.audio ??= new AudioContext();
    await this.audio.resume();
    const oscillator = this.audio.createOscillator();
    const gain = this.audio.createGain();
    gain.gain.value = 0.2;
    oscillator.frequency.value = 440;
    oscillator.connect(gain).connect(this.audio.destination);
    oscillator.start();
    oscillator.stop(this.audio.currentTime + 0.8);
  }

  continue(): void {
    const stream = this.stream();
    if (!stream) return;
    this.handedOver = true;
    this.ready.emit({ stream, audioOnly: stream.getVideoTracks().length === 0 });
  }

  connectionText(): string {
    return this.connection().state === 'slow' ? 'video.check.connectionSlow' : 'video.check.connectionGood';
  }

  connectionMs(): number {
    const connection = this.connection();
    return 'ms' in connection ? connection.ms : 0;
  }

  private meter(stream: MediaStream): void {
    cancelAnimationFrame(this.meterFrame);
    if (stream.getAudioTracks().length === 0) return;
    this.audio ??= new AudioContext();
    const analyser = this.audio.createAnalyser();
    analyser.fftSize = 512;
    this.audio.createMediaStreamSource(stream).connect(analyser);
    const samples = new Uint8Array(analyser.fftSize);
    const tick = () => {
      analyser.getByteTimeDomainData(samples);
      let peak = 0;
      for (const sample of samples) peak = Math.max(peak, Math.abs(sample - 128));
      this.level.set(Math.min(100, Math.round((peak / 128) * 200)));
      this.meterFrame = requestAnimationFrame(tick);
    };
    tick();
  }

  /** One small request to our own server, timed: the call's signalling goes the same way. */
  private async checkConnection(): Promise<void> {
    if (!navigator.onLine) {
      this.connection.set({ state: 'none' });
      return;
    }
    const started = performance.now();
    try {
      const response = await fetch('/health', { cache: 'no-store' });
      if (!response.ok) throw new Error(String(response.status));
      const ms = Math.round(performance.now() - started);
      this.connection.set({ state: ms > SLOW_ROUND_TRIP_MS ? 'slow' : 'good', ms });
    } catch {
      this.connection.set({ state: 'none' });
    }
  }
}
