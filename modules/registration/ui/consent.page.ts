import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatProgressBar } from '@angular/material/progress-bar';
import { Router } from '@angular/router';
import { Store } from '@ngrx/store';
import type { ConsentStatus } from '@oblako/domain';
import { ApiCallError, OnboardingGate, TranslatePipe, TranslationService, selectUser } from '@oblako/shell-kit';
import { RegistrationApi } from './registration-api';

/**
 * Informed consent to the processing of personal and health data (152-FZ). The text and its
 * version come from the server, which records exactly the version shown (with its hash, the
 * time and the device). Until it is given the shell's gate keeps a patient here.
 */
@Component({
  selector: 'ob-consent-page',
  imports: [FormsModule, MatButton, MatCheckbox, MatProgressBar, TranslatePipe],
  template: `
    <h1 class="page-title">{{ 'registration.consent.title' | t }}</h1>
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" />
    }
    @if (status(); as consent) {
      <article class="text" data-testid="consent-text" tabindex="0">
        <p class="version">{{ 'registration.consent.version' | t: { version: versionText() } }}</p>
        @for (paragraph of paragraphs(); track $index) {
          <p>{{ paragraph }}</p>
        }
      </article>
      @if (consent.accepted) {
        <p class="accepted" role="status" data-testid="consent-accepted">{{ 'registration.consent.accepted' | t: { date: acceptedText() } }}</p>
        <button mat-flat-button type="button" class="primary" (click)="toCabinet()">{{ 'registration.consent.toCabinet' | t }}</button>
      } @else {
        <p class="why">{{ 'registration.consent.required' | t }}</p>
        <mat-checkbox [(ngModel)]="agreed" class="agree" data-testid="consent-checkbox">{{ 'registration.consent.checkbox' | t }}</mat-checkbox>
        @if (error(); as message) {
          <p class="error" role="alert">{{ message }}</p>
        }
        <button mat-flat-button type="button" class="primary" [disabled]="!agreed() || busy()" (click)="accept()">{{ 'registration.consent.accept' | t }}</button>
      }
    } @else if (error(); as message) {
      <p class="error" role="alert">{{ message }}</p>
      <button mat-stroked-button type="button" class="primary" (click)="load()">{{ 'registration.retry' | t }}</button>
    }
  `,
  styles: `
    :host { display: block; max-width: 720px; }
    .text { padding: 16px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; background: var(--mat-sys-surface-container-lowest); font: var(--mat-sys-body-large); }
    .text p { margin: 0 0 12px; }
    .text .version { color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-medium); }
    .why { margin: 16px 0 8px; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-medium); }
    .agree { display: block; margin: 8px 0 16px; }
    .accepted { margin: 16px 0; font: var(--mat-sys-body-large); }
    .primary { min-height: 48px; min-width: 220px; }
    .error { margin: 16px 0; padding: 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); font: var(--mat-sys-body-medium); }
    /* A wide screen keeps the button in view next to a scrolling text; a phone scrolls the page. */
    @media (min-width: 720px) { .text { max-height: min(50vh, 480px); overflow: auto; } }
    @media (max-width: 719.98px) { .primary { width: 100%; } }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConsentPage {
  private readonly api = inject(RegistrationApi);
  private readonly gate = inject(OnboardingGate);
  private readonly i18n = inject(TranslationService);
  private readonly router = inject(Router);
  private readonly user = inject(Store).selectSignal(selectUser);

  readonly status = signal<ConsentStatus | null>(null);
  readonly loading = signal(false);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly agreed = signal(false);

  readonly paragraphs = computed(() => {
    const text = this.status()?.text;
    return text ? (this.i18n.language() === 'en' ? text.en : text.ru) : [];
  });
  readonly versionText = computed(() => formatDay(this.status()?.version ?? '', this.i18n.language()));
  readonly acceptedText = computed(() => formatDay(this.status()?.acceptedAt ?? '', this.i18n.language()));

  constructor() {
    void this.load();
  }

  async load(): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      this.status.set(await this.api.consent());
    } catch (error) {
      this.error.set(messageOf(error, this.i18n));
    } finally {
      this.loading.set(false);
    }
  }

  async accept(): Promise<void> {
    const shown = this.status();
    const user = this.user();
    if (!shown || !user || !this.agreed() || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const status = await this.api.acceptConsent({ version: shown.version });
      this.status.set(status);
      if (status.accepted) {
        this.gate.consentGiven(user.id, status.version);
        await this.router.navigateByUrl('/');
      }
    } catch (error) {
      // A newer text on the server: show it; consent is given to what was read.
      if (error instanceof ApiCallError && error.code === 'consent_outdated') {
        this.agreed.set(false);
        await this.load();
      }
      this.error.set(messageOf(error, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }

  toCabinet(): void {
    void this.router.navigateByUrl('/');
  }
}

function messageOf(error: unknown, i18n: TranslationService): string {
  if (error instanceof ApiCallError) return error.code === 'network' ? i18n.t('registration.consent.offline') : error.message;
  return i18n.t('error.internal');
}

/** `2026-11-01` or an ISO time → «1 ноября 2026 г.»; anything else as it is. */
function formatDay(value: string, language: string): string {
  const time = Date.parse(value.length === 10 ? `${value}T12:00:00Z` : value);
  if (!value || Number.isNaN(time)) return value;
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'ru-RU', { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(time));
}
