import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, effect, inject, input, model, output, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators, type AbstractControl, type ValidationErrors } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { formatPhone, normalizePhone } from '@oblako/domain';
import { ApiCallError, TranslatePipe, TranslationService } from '@oblako/shell-kit';
import { CODE_LIMITS, type CodeChallenge, type CodePurpose, type PhoneVerification } from '../api';
import { clockTime, minutesAndSeconds, secondsUntil } from './countdown';
import { RegistrationApi } from './registration-api';

function phoneValidator(control: AbstractControl<string>): ValidationErrors | null {
  return control.value && !normalizePhone(control.value) ? { phone: true } : null;
}

const CODE_PATTERN = new RegExp(`^\\d{${CODE_LIMITS.codeLength}}$`);

/**
 * Proves the person holds the phone: the number, then the code from the SMS. Shows when the
 * code can be sent again (a countdown), how many tries are left and until when the code works.
 * The code field is made for phones: digits keyboard, the SMS code offered by the keyboard
 * (`one-time-code`), checked as soon as all six digits are there.
 */
@Component({
  selector: 'ob-phone-verification',
  imports: [ReactiveFormsModule, MatFormField, MatLabel, MatInput, MatError, MatHint, MatButton, TranslatePipe],
  template: `
    @if (!challenge()) {
      <form [formGroup]="phoneForm" (ngSubmit)="requestCode()" novalidate class="step" data-testid="phone-step">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ 'registration.phone' | t }}</mat-label>
          <input matInput formControlName="phone" type="tel" inputmode="tel" autocomplete="tel" (blur)="tidyPhone()" />
          @if (phone.invalid) {
            <mat-error>{{ 'error.invalid_phone' | t }}</mat-error>
          } @else {
            <mat-hint>{{ 'registration.phoneHint' | t }}</mat-hint>
          }
        </mat-form-field>
        @if (error(); as message) {
          <p class="error" role="alert" data-testid="verification-error">{{ message }}</p>
        }
        <button mat-flat-button type="submit" class="primary" [disabled]="busy()">{{ 'registration.sendCode' | t }}</button>
      </form>
    } @else {
      <form [formGroup]="codeForm" (ngSubmit)="verify()" novalidate class="step" data-testid="code-step">
        <p class="sent-to">
          {{ 'registration.codeSentTo' | t: { phone: shownPhone() } }}
          <button mat-button type="button" class="inline" (click)="changePhone()">{{ 'registration.changePhone' | t }}</button>
        </p>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="code-field">
          <mat-label>{{ 'registration.code' | t }}</mat-label>
          <input #codeInput matInput formControlName="code" inputmode="numeric" autocomplete="one-time-code" [attr.maxlength]="codeLength"
            pattern="[0-9]*" class="code-input" data-testid="code-input" />
          @if (code.invalid) {
            <mat-error>{{ 'registration.error.code.format' | t }}</mat-error>
          } @else if (!expired()) {
            <mat-hint>{{ 'registration.codeExpiresAt' | t: { time: expiresAtText() } }}</mat-hint>
          }
        </mat-form-field>
        <p class="facts" data-testid="code-facts">
          @if (expired()) {
            <span class="warn">{{ 'error.code_expired' | t }}</span>
          } @else {
            <span [class.warn]="attemptsLeft() <= 2">{{ 'registration.attemptsLeft' | t: { attempts: attemptsLeft() } }}</span>
          }
        </p>
        @if (error(); as message) {
          <p class="error" role="alert" data-testid="verification-error">{{ message }}</p>
        }
        <button mat-flat-button type="submit" class="primary" [disabled]="busy() || !canVerify()">{{ 'registration.verify' | t }}</button>
        <div class="resend" data-testid="resend">
          @if (resendIn() > 0) {
            <span>{{ 'registration.resendIn' | t: { time: resendClock() } }}</span>
          } @else {
            <button mat-stroked-button type="button" [disabled]="busy()" (click)="requestCode()">{{ 'registration.resend' | t }}</button>
          }
        </div>
      </form>
    }
  `,
  styles: `
    .step { display: flex; flex-direction: column; gap: 8px; }
    mat-form-field { width: 100%; }
    .primary { min-height: 48px; }
    .sent-to { margin: 0 0 8px; font: var(--mat-sys-body-large); }
    .inline { min-height: 40px; }
    .code-input { font-size: 28px; letter-spacing: 0.35em; font-variant-numeric: tabular-nums; }
    .facts { margin: 0; font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
    .warn { color: var(--mat-sys-error); }
    .resend { min-height: 48px; display: flex; align-items: center; justify-content: center; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-medium); text-align: center; }
    .resend button { min-height: 48px; width: 100%; }
    .error { margin: 0; padding: 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); font: var(--mat-sys-body-medium); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PhoneVerificationComponent {
  private readonly api = inject(RegistrationApi);
  private readonly i18n = inject(TranslationService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly codeInput = viewChild<ElementRef<HTMLInputElement>>('codeInput');

  readonly purpose = input.required<CodePurpose>();
  readonly busy = model(false);
  readonly verified = output<PhoneVerification>();

  readonly codeLength = CODE_LIMITS.codeLength;
  readonly phone = new FormControl('', { nonNullable: true, validators: [Validators.required, phoneValidator] });
  readonly code = new FormControl('', { nonNullable: true, validators: [Validators.pattern(CODE_PATTERN)] });
  readonly phoneForm = new FormGroup({ phone: this.phone });
  readonly codeForm = new FormGroup({ code: this.code });
  readonly challenge = signal<CodeChallenge | null>(null);
  readonly attemptsLeft = signal<number>(CODE_LIMITS.maxAttempts);
  readonly error = signal<string | null>(null);
  /** The clock the countdowns read; ticks every second while a code is pending. */
  readonly now = signal(Date.now());
  private readonly expiredByServer = signal(false);

  /** Kept on one line: no break at its spaces and hyphens. */
  readonly shownPhone = computed(() => formatPhone(this.challenge()?.phone ?? '').replace(/ /g, '\u00a0').replace(/-/g, '\u2011'));
  readonly expired = computed(() => this.expiredByServer() || secondsUntil(this.challenge()?.expiresAt, this.now()) === 0);
  readonly resendIn = computed(() => secondsUntil(this.challenge()?.resendAvailableAt, this.now()));
  readonly resendClock = computed(() => minutesAndSeconds(this.resendIn()));
  readonly canVerify = computed(() => !this.expired() && this.attemptsLeft() > 0);
  readonly expiresAtText = computed(() => {
    const challenge = this.challenge();
    return challenge ? clockTime(challenge.expiresAt, this.i18n.language()) : '';
  });

  constructor() {
    const timer = setInterval(() => {
      if (this.challenge()) this.now.set(Date.now());
    }, 1000);
    this.destroyRef.onDestroy(() => clearInterval(timer));
    // An expired code or no tries left: only a new code helps.
    effect(() => (this.canVerify() ? this.code.enable({ emitEvent: false }) : this.code.disable({ emitEvent: false })));
    // Digits only (a pasted «123 456» works); all six digits: check at once.
    this.code.valueChanges.pipe(takeUntilDestroyed()).subscribe((value) => {
      const digits = value.replace(/\D/g, '').slice(0, CODE_LIMITS.codeLength);
      if (digits !== value) this.code.setValue(digits, { emitEvent: false });
      if (CODE_PATTERN.test(digits) && !this.busy() && this.canVerify()) void this.verify();
    });
  }

  tidyPhone(): void {
    const e164 = normalizePhone(this.phone.value);
    if (e164) this.phone.setValue(formatPhone(e164));
  }

  /** First code, or a new one («Отправить код ещё раз»). */
  async requestCode(): Promise<void> {
    this.phone.markAsTouched();
    const e164 = normalizePhone(this.phone.value);
    if (!e164 || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const challenge = await this.api.requestCode(e164, this.purpose());
      this.now.set(Date.now());
      this.challenge.set(challenge);
      this.attemptsLeft.set(challenge.attemptsLeft);
      this.expiredByServer.set(false);
      this.code.reset('', { emitEvent: false });
      setTimeout(() => this.codeInput()?.nativeElement.focus());
    } catch (error) {
      this.showError(error);
      // «Too soon»: the countdown shows when a new code can be asked for.
      if (error instanceof ApiCallError && error.retryAfterSeconds && this.challenge()) {
        const at = new Date(Date.now() + error.retryAfterSeconds * 1000).toISOString();
        this.challenge.update((challenge) => (challenge ? { ...challenge, resendAvailableAt: at } : challenge));
      }
    } finally {
      this.busy.set(false);
    }
  }

  async verify(): Promise<void> {
    const challenge = this.challenge();
    this.code.markAsTouched();
    if (!challenge || this.busy() || !this.canVerify()) return;
    if (!CODE_PATTERN.test(this.code.value)) {
      this.code.setErrors({ pattern: true });
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const verification = await this.api.verifyCode(challenge.challengeId, this.code.value);
      this.verified.emit(verification);
    } catch (error) {
      this.afterWrongCode(error);
    } finally {
      this.busy.set(false);
    }
  }

  changePhone(): void {
    this.challenge.set(null);
    this.error.set(null);
    this.code.reset('', { emitEvent: false });
  }

  private afterWrongCode(error: unknown): void {
    if (error instanceof ApiCallError) {
      if (error.code === 'code_invalid') {
        const told = error.body['attemptsLeft'];
        const left = typeof told === 'number' ? told : Math.max(0, this.attemptsLeft() - 1);
        this.attemptsLeft.set(left);
        // The tries left are shown next to the field.
        this.error.set(left > 0 ? error.message : this.i18n.t('error.code_attempts_exhausted'));
        this.code.reset('', { emitEvent: false });
        return;
      }
      if (error.code === 'code_attempts_exhausted') this.attemptsLeft.set(0);
      if (error.code === 'code_expired') this.expiredByServer.set(true);
    }
    this.showError(error);
  }

  private showError(error: unknown): void {
    if (error instanceof ApiCallError) {
      if (error.code === 'invalid_phone') this.phone.setErrors({ phone: true });
      const wait = error.retryAfterSeconds && error.code !== 'code_resend_too_soon' ? ` ${this.i18n.t('signIn.retryAfter', { seconds: error.retryAfterSeconds })}` : '';
      this.error.set(`${error.message}${wait}`);
    } else {
      this.error.set(this.i18n.t('error.internal'));
    }
  }
}
