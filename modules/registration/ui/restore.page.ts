import { ChangeDetectionStrategy, Component } from '@angular/core';
import { FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { type ApiCallError, TranslatePipe } from '@oblako/shell-kit';
import type { PhoneVerification } from '../api';
import { NewPasswordFieldsComponent, createNewPasswordGroup } from './new-password-fields.component';
import { PhoneVerificationComponent } from './phone-verification.component';
import { PublicFrameComponent } from './public-frame.component';
import { VerifiedPhonePage } from './verified-phone-page';

type Stage = 'not-registered' | 'password';

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
  styleUrl: './public-page.css',
  styles: `
    .lead { margin: 0 0 12px; font: var(--mat-sys-body-large); }
    .phone { margin: 0 0 8px; font: var(--mat-sys-title-medium); }
    .password { display: grid; gap: 12px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RestorePage extends VerifiedPhonePage<Stage> {
  readonly password = createNewPasswordGroup();
  readonly form = new FormGroup({ password: this.password });

  /** A free number: registration instead, with the same proof of the phone. */
  registerInstead(): void {
    this.handOver('/register');
  }

  async submit(): Promise<void> {
    this.password.markAllAsTouched();
    if (this.password.invalid) return;
    await this.complete((verificationToken) =>
      this.api.restorePassword({ verificationToken, password: this.password.controls.password.value }));
  }

  protected stageAfter(verification: PhoneVerification): Stage {
    return verification.registered ? 'password' : 'not-registered';
  }

  protected refused(error: ApiCallError): void {
    if (error.code === 'phone_not_registered') {
      this.stage.set('not-registered');
    } else if (error.code === 'weak_password') {
      this.password.controls.password.setErrors({ minlength: true });
    } else {
      this.notice.set(error.message);
    }
  }
}
