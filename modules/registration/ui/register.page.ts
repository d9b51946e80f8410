import { ChangeDetectionStrategy, Component } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatDatepicker, MatDatepickerInput, MatDatepickerToggle } from '@angular/material/datepicker';
import { MatError, MatFormField, MatHint, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect, MatSelectTrigger } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { RUSSIAN_TIME_ZONES } from '@oblako/domain';
import { type ApiCallError, TranslatePipe } from '@oblako/shell-kit';
import { datePickerErrorKey, deviceToday, provideCivilDatePicker } from '@oblako/shell-kit/pickers';
import type { PhoneVerification } from '../api';
import { DETAILS_FIELDS, createDetailsForm, tidyName, timeZoneLabel, type DetailsField } from './details-form';
import { NewPasswordFieldsComponent } from './new-password-fields.component';
import { PhoneVerificationComponent } from './phone-verification.component';
import { PublicFrameComponent } from './public-frame.component';
import { RegistrationStepsComponent } from './registration-steps.component';
import { VerifiedPhonePage } from './verified-phone-page';

type Stage = 'registered' | 'details';

/**
 * Self-registration: the phone (proved by an SMS code), then about you and a password; the
 * session opens and the shell's gate asks for consent before the cabinet. A number that is
 * already registered is told only after the code proved the phone is theirs.
 */
@Component({
  selector: 'ob-register-page',
  imports: [
    ReactiveFormsModule, MatFormField, MatLabel, MatInput, MatError, MatHint, MatSelect, MatSelectTrigger, MatOption, MatButton, RouterLink,
    MatDatepicker, MatDatepickerInput, MatDatepickerToggle, MatSuffix,
    TranslatePipe, PublicFrameComponent, PhoneVerificationComponent, NewPasswordFieldsComponent, RegistrationStepsComponent,
  ],
  template: `
    <ob-public-frame titleKey="registration.title" [busy]="busy()">
      <ob-registration-steps [current]="stage() === 'details' ? 2 : 1" />
      @if (notice(); as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
      @switch (stage()) {
        @case ('verify') {
          <ob-phone-verification purpose="register" [(busy)]="busy" (verified)="onVerified($event)" />
          <p class="aside"><a mat-button routerLink="/sign-in">{{ 'registration.signInLink' | t }}</a></p>
        }
        @case ('registered') {
          <div class="registered" role="alert" data-testid="already-registered">
            <p>{{ 'registration.alreadyRegistered' | t }}</p>
            <p class="phone">{{ phone() }}</p>
            <div class="actions">
              <a mat-flat-button routerLink="/sign-in">{{ 'registration.signIn' | t }}</a>
              <button mat-stroked-button type="button" (click)="restoreInstead()">{{ 'registration.restorePassword' | t }}</button>
            </div>
          </div>
        }
        @case ('details') {
          <form [formGroup]="form" (ngSubmit)="submit()" novalidate class="details" data-testid="details-step">
            <p class="verified">{{ 'registration.phoneVerified' | t: { phone: phone() } }}</p>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ 'registration.fullName' | t }}</mat-label>
              <input matInput formControlName="fullName" autocomplete="name" maxlength="200" required />
              <mat-error>{{ errorKey('fullName') | t }}</mat-error>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ 'registration.birthDate' | t }}</mat-label>
              <input matInput formControlName="birthDate" [matDatepicker]="birthPicker" autocomplete="bday" inputmode="numeric" required
                [min]="earliest" [max]="today" [placeholder]="'pickers.datePlaceholder' | t" />
              <mat-datepicker-toggle matIconSuffix [for]="birthPicker" />
              <mat-datepicker #birthPicker startView="multi-year" [startAt]="form.controls.birthDate.value || birthStartAt" />
              <mat-error>{{ errorKey('birthDate') | t }}</mat-error>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ 'registration.region' | t }}</mat-label>
              <input matInput formControlName="region" autocomplete="address-level1" maxlength="200" required />
              <mat-hint>{{ 'registration.regionHint' | t }}</mat-hint>
              <mat-error>{{ errorKey('region') | t }}</mat-error>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ 'registration.timeZone' | t }}</mat-label>
              <mat-select formControlName="timeZone" required>
                <mat-select-trigger><span class="zone-value">{{ zoneLabel(form.controls.timeZone.value) }}</span></mat-select-trigger>
                @for (zone of zones; track zone.id) {
                  <mat-option [value]="zone.id">{{ zoneLabel(zone.id) }}</mat-option>
                }
              </mat-select>
              <mat-hint>{{ 'registration.timeZoneHint' | t }}</mat-hint>
              <mat-error>{{ errorKey('timeZone') | t }}</mat-error>
            </mat-form-field>
            <ob-new-password-fields [group]="form.controls.password" />
            <button mat-flat-button type="submit" class="primary" [disabled]="busy()">{{ 'registration.create' | t }}</button>
          </form>
        }
      }
    </ob-public-frame>
  `,
  styleUrl: './public-page.css',
  styles: `
    .details { display: grid; gap: 12px; }
    mat-form-field { width: 100%; }
    /* A long zone («Петропавловск-Камчатский (МСК+9), UTC+12:00») wraps on a phone instead of being cut. */
    .zone-value { white-space: normal; }
    .aside { margin: 16px 0 0; text-align: center; }
    .aside a { min-height: 48px; }
    .verified { margin: 0 0 12px; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-medium); }
    .registered p { margin: 0 0 8px; font: var(--mat-sys-body-large); }
    .registered .phone { font: var(--mat-sys-title-medium); }
  `,
  providers: [provideCivilDatePicker()],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RegisterPage extends VerifiedPhonePage<Stage> {
  readonly form = createDetailsForm();
  readonly zones = RUSSIAN_TIME_ZONES;
  readonly today = deviceToday();
  readonly earliest = '1900-01-01';
  /** The calendar opens on years around a typical patient's birth, not on this month. */
  readonly birthStartAt = '1970-01-01';

  zoneLabel(id: string): string {
    return timeZoneLabel(id, this.i18n.language());
  }

  errorKey(field: DetailsField): string {
    const control = this.form.controls[field];
    const pickerProblem = datePickerErrorKey(control.errors);
    // Text that is no date leaves the control empty: say how to write it, not «fill it in».
    if (control.errors?.['matDatepickerParse'] && pickerProblem) return pickerProblem;
    return (control.errors?.['registration'] as string | undefined) ?? (control.errors?.['server'] as string | undefined) ?? pickerProblem ?? 'error.validation';
  }

  /** A taken number: a new password instead, with the same proof of the phone. */
  restoreInstead(): void {
    this.handOver('/register/restore');
  }

  async submit(): Promise<void> {
    for (const field of DETAILS_FIELDS) this.form.controls[field].updateValueAndValidity();
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    await this.complete((verificationToken) => {
      const { fullName, birthDate, region, timeZone, password } = this.form.getRawValue();
      return this.api.complete({
        verificationToken,
        fullName: tidyName(fullName),
        birthDate,
        region: region.trim(),
        timeZone,
        password: password.password,
      });
    });
  }

  protected stageAfter(verification: PhoneVerification): Stage {
    return verification.registered ? 'registered' : 'details';
  }

  protected refused(error: ApiCallError): void {
    switch (error.code) {
      case 'phone_taken':
        this.stage.set('registered');
        return;
      case 'weak_password':
        this.form.controls.password.controls.password.setErrors({ minlength: true });
        return;
    }
    const field = error.field as DetailsField | undefined;
    if (field && (DETAILS_FIELDS as readonly string[]).includes(field)) {
      this.form.controls[field].setErrors({ server: `error.${error.code}` });
    }
    this.notice.set(error.message);
  }
}
