import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router } from '@angular/router';
import { Store } from '@ngrx/store';
import { ApiCallError, SessionControl, TranslatePipe, TranslationService, selectUser } from '@oblako/shell-kit';
import { NewPasswordFieldsComponent, createNewPasswordGroup } from './new-password-fields.component';
import { RegistrationApi } from './registration-api';

/**
 * The person's own password. After signing in with the one-time password from the SMS this is
 * the first page (the shell's gate allows nothing else); later it is a plain password change
 * that asks for the current one. Either way the server ends every other session.
 */
@Component({
  selector: 'ob-set-password-page',
  imports: [ReactiveFormsModule, MatFormField, MatLabel, MatInput, MatError, MatButton, TranslatePipe, NewPasswordFieldsComponent],
  template: `
    <h1 class="page-title">{{ (firstSignIn() ? 'registration.firstSignIn.title' : 'registration.changePassword.title') | t }}</h1>
    @if (firstSignIn()) {
      <p class="lead">{{ 'registration.firstSignIn.text' | t }}</p>
    }
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate class="form" data-testid="set-password-form">
      @if (!firstSignIn()) {
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ 'registration.changePassword.current' | t }}</mat-label>
          <input matInput formControlName="current" type="password" autocomplete="current-password" />
          <mat-error>{{ (current.hasError('wrong') ? 'error.current_password_wrong' : 'signIn.passwordRequired') | t }}</mat-error>
        </mat-form-field>
      }
      <ob-new-password-fields [group]="password" labelKey="registration.changePassword.new" />
      @if (error(); as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
      <button mat-flat-button type="submit" class="primary" [disabled]="busy()">
        {{ (firstSignIn() ? 'registration.firstSignIn.save' : 'registration.changePassword.save') | t }}
      </button>
    </form>
  `,
  styles: `
    .lead { margin: 0 0 16px; font: var(--mat-sys-body-large); max-width: 560px; }
    .form { display: grid; gap: 12px; max-width: 480px; }
    mat-form-field { width: 100%; }
    .primary { min-height: 48px; margin-top: 8px; }
    .error { margin: 0; padding: 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); font: var(--mat-sys-body-medium); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SetPasswordPage {
  private readonly api = inject(RegistrationApi);
  private readonly sessions = inject(SessionControl);
  private readonly i18n = inject(TranslationService);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);
  private readonly user = inject(Store).selectSignal(selectUser);

  readonly firstSignIn = computed(() => this.user()?.mustChangePassword === true);
  readonly current = new FormControl('', { nonNullable: true, validators: [Validators.required] });
  readonly password = createNewPasswordGroup();
  readonly form = new FormGroup({ current: this.current, password: this.password });
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);

  async submit(): Promise<void> {
    const firstSignIn = this.firstSignIn();
    this.password.markAllAsTouched();
    this.current.markAsTouched();
    if (this.password.invalid || (!firstSignIn && this.current.invalid) || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const newPassword = this.password.controls.password.value;
      const session = await this.api.changePassword(firstSignIn ? { newPassword } : { currentPassword: this.current.value, newPassword });
      this.sessions.renewed(session);
      if (firstSignIn) {
        // Home, through the gate: a patient's consent comes next.
        await this.router.navigateByUrl('/');
      } else {
        this.password.reset();
        this.current.reset();
        this.snackBar.open(this.i18n.t('registration.changePassword.saved'), undefined, { duration: 5000 });
      }
    } catch (error) {
      this.showError(error);
    } finally {
      this.busy.set(false);
    }
  }

  private showError(error: unknown): void {
    if (!(error instanceof ApiCallError)) {
      this.error.set(this.i18n.t('error.internal'));
      return;
    }
    if (error.code === 'current_password_wrong') {
      this.current.setErrors({ wrong: true });
      return;
    }
    if (error.code === 'weak_password') {
      this.password.controls.password.setErrors({ minlength: true });
      return;
    }
    this.error.set(error.message);
  }
}
