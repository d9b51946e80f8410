import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { formatPhone } from '@oblako/domain';
import { ApiCallError, SessionControl, TranslatePipe, TranslationService } from '@oblako/shell-kit';
import type { PhoneVerification } from '../api';
import { NewPasswordFieldsComponent, createNewPasswordGroup } from './new-password-fields.component';
import { PhoneVerificationComponent } from './phone-verification.component';
import { PublicFrameComponent } from './public-frame.component';
import { RegistrationApi } from './registration-api';
import { VerifiedPhone } from './verified-phone';

type Stage = 'verify' | 'not-registered' | 'password';

/**
 * «Забыли пароль?»: the phone proved by an SMS code, then a new password; every other
 * session of the account ends and this device is signed in.
 */
@Component({
  selector: 'ob-restore-page',
  imports: [ReactiveFormsModule, MatButton, RouterLink, TranslatePipe, PublicFrameComponent, PhoneVerificationComponent, NewPasswordFieldsComponent],
  template: `
    <ob-public-frame titleKey="registration.restore.title" [busy]="busy()">
      @if (notice(); as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
      @switch (stage()) {
        @case ('verify') {
          <p class="lead">{{ 'registration.restore.lead' | t }}</p>
          <ob-phone-verification purpose="restore" [(busy)]="busy" (verified)="onVerified($event)" />
        }
        @case ('not-registered') {
          <div role="alert" data-testid="not-registered">
            <p class="lead">{{ 'registration.notRegistered' | t }}</p>
            <p class="phone">{{ phone() }}</p>
            <div class="actions">
              <button mat-flat-button type="button" (click)="registerInstead()">{{ 'registration.registerInstead' | t }}</button>
              <a mat-stroked-button routerLink="/sign-in">{{ 'registration.signIn' | t }}</a>
            </div>
          </div>
        }
        @case ('password') {
          <form [formGroup]="form" (ngSubmit)="submit()" novalidate class="password" data-testid="restore-password-step">
            <p class="lead">{{ 'registration.phoneVerified' | t: { phone: phone() } }}</p>
            <ob-new-password-fields [group]="password" labelKey="registration.restore.newPassword" />
            <button mat-flat-button type="submit" class="primary" [disabled]="busy()">{{ 'registration.restore.save' | t }}</button>
          </form>
        }
      }
    </ob-public-frame>
  `,
  styles: `
    .lead { margin: 0 0 12px; font: var(--mat-sys-body-large); }
    .phone { margin: 0 0 8px; font: var(--mat-sys-title-medium); }
    .password { display: grid; gap: 12px; }
    .primary { min-height: 48px; margin-top: 8px; }
    .actions { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 16px; }
    .actions > * { flex: 1 1 180px; min-height: 48px; }
    .error { margin: 0 0 12px; padding: 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); font: var(--mat-sys-body-medium); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RestorePage {
  private readonly api = inject(RegistrationApi);
  private readonly sessions = inject(SessionControl);
  private readonly i18n = inject(TranslationService);
  private readonly router = inject(Router);
  private readonly verifiedPhone = inject(VerifiedPhone);

  readonly busy = signal(false);
  readonly stage = signal<Stage>('verify');
  readonly notice = signal<string | null>(null);
  readonly verification = signal<PhoneVerification | null>(null);
  readonly phone = computed(() => formatPhone(this.verification()?.phone ?? ''));
  readonly password = createNewPasswordGroup();
  readonly form = new FormGroup({ password: this.password });

  constructor() {
    // From registration with a taken number: the phone is already proved.
    const handed = this.verifiedPhone.take();
    if (handed) this.onVerified(handed);
  }

  onVerified(verification: PhoneVerification): void {
    this.verification.set(verification);
    this.notice.set(null);
    this.stage.set(verification.registered ? 'password' : 'not-registered');
  }

  registerInstead(): void {
    const verification = this.verification();
    if (verification) this.verifiedPhone.keep(verification);
    void this.router.navigateByUrl('/register');
  }

  async submit(): Promise<void> {
    this.password.markAllAsTouched();
    const verification = this.verification();
    if (this.password.invalid || !verification || this.busy()) return;
    this.busy.set(true);
    this.notice.set(null);
    try {
      const session = await this.api.restorePassword({ verificationToken: verification.verificationToken, password: this.password.controls.password.value });
      this.sessions.started(session);
    } catch (error) {
      if (!(error instanceof ApiCallError)) {
        this.notice.set(this.i18n.t('error.internal'));
      } else if (error.code === 'phone_not_registered') {
        this.stage.set('not-registered');
      } else if (error.code === 'verification_expired') {
        this.verification.set(null);
        this.stage.set('verify');
        this.notice.set(error.message);
      } else if (error.code === 'weak_password') {
        this.password.controls.password.setErrors({ minlength: true });
      } else {
        this.notice.set(error.message);
      }
    } finally {
      this.busy.set(false);
    }
  }
}
