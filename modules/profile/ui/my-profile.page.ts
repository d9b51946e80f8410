import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatDatepicker, MatDatepickerInput, MatDatepickerToggle } from '@angular/material/datepicker';
import { MatError, MatFormField, MatHint, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect, MatSelectTrigger } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Store } from '@ngrx/store';
import { RUSSIAN_TIME_ZONES } from '@oblako/domain';
import { DataService, TranslatePipe, TranslationService, selectUser } from '@oblako/shell-kit';
import { datePickerErrorKey, deviceToday, provideCivilDatePicker } from '@oblako/shell-kit/pickers';
import { filter, map, switchMap } from 'rxjs';
import type { PatientProfile } from '../index';
import { PROFILE_FIELDS, createProfileForm, profileId, timeZoneLabel, toFormValue, toProfile } from './profile-form';

/**
 * The patient's own profile. Saving writes to the device first (works offline). Changes made
 * on another device flow in live, but never over what the person is typing: only fields they
 * have not touched since the last save are refreshed.
 */
@Component({
  selector: 'ob-my-profile',
  imports: [
    ReactiveFormsModule, MatFormField, MatLabel, MatInput, MatError, MatHint, MatSelect, MatSelectTrigger, MatOption, MatButton, MatIcon, TranslatePipe,
    MatDatepicker, MatDatepickerInput, MatDatepickerToggle, MatSuffix,
  ],
  providers: [provideCivilDatePicker()],
  template: `
    <h1 class="page-title">{{ 'profile.title' | t }}</h1>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate class="profile-form" data-testid="profile-form">
      <p class="required-hint">{{ 'forms.requiredHint' | t }}</p>
      <mat-form-field appearance="outline">
        <mat-label>{{ 'profile.fullName' | t }}</mat-label>
        <input matInput formControlName="fullName" autocomplete="name" maxlength="200" required />
        <mat-error>{{ errorKey('fullName') | t }}</mat-error>
      </mat-form-field>

      <mat-form-field appearance="outline">
        <mat-label>{{ 'profile.birthDate' | t }}</mat-label>
        <input matInput formControlName="birthDate" [matDatepicker]="birthPicker" autocomplete="bday" inputmode="numeric"
          [min]="earliest" [max]="today" [placeholder]="'pickers.datePlaceholder' | t" />
        <mat-datepicker-toggle matIconSuffix [for]="birthPicker" />
        <mat-datepicker #birthPicker startView="multi-year" [startAt]="form.controls.birthDate.value || birthStartAt" />
        <mat-error>{{ errorKey('birthDate') | t }}</mat-error>
      </mat-form-field>

      <mat-form-field appearance="outline">
        <mat-label>{{ 'profile.region' | t }}</mat-label>
        <input matInput formControlName="region" autocomplete="address-level1" maxlength="200" />
      </mat-form-field>

      <mat-form-field appearance="outline">
        <mat-label>{{ 'profile.timeZone' | t }}</mat-label>
        <mat-select formControlName="timeZone" required>
          <mat-select-trigger><span class="zone-value">{{ zoneLabel(form.controls.timeZone.value) }}</span></mat-select-trigger>
          @for (zone of zones; track zone.id) {
            <mat-option [value]="zone.id">{{ zoneLabel(zone.id) }}</mat-option>
          }
        </mat-select>
        <mat-error>{{ errorKey('timeZone') | t }}</mat-error>
      </mat-form-field>

      <mat-form-field appearance="outline">
        <mat-label>{{ 'profile.contactPhone' | t }}</mat-label>
        <input matInput formControlName="contactPhone" type="tel" inputmode="tel" autocomplete="tel" />
        <mat-hint>{{ 'signIn.phoneHint' | t }}</mat-hint>
        <mat-error>{{ errorKey('contactPhone') | t }}</mat-error>
      </mat-form-field>

      <div class="actions">
        @if (dirty()) {
          <span class="unsaved" role="status">{{ 'common.unsaved' | t }}</span>
        }
        <button mat-flat-button type="submit" [disabled]="saving()">
          <mat-icon svgIcon="save" />
          {{ 'profile.save' | t }}
        </button>
      </div>
    </form>
  `,
  styles: `
    .profile-form { display: grid; gap: 4px; max-width: 560px; }
    mat-form-field { width: 100%; }
    /* A long zone («Петропавловск-Камчатский (МСК+9), UTC+12:00») wraps on a phone instead of being cut. */
    .zone-value { white-space: normal; }
    .actions { display: flex; align-items: center; justify-content: flex-end; gap: 16px; flex-wrap: wrap; margin-top: 8px; }
    .actions button { min-height: 48px; min-width: 160px; }
    .required-hint { margin: 0 0 12px; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); }
    .unsaved { color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-medium); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyProfilePage {
  private readonly data = inject(DataService);
  private readonly i18n = inject(TranslationService);
  private readonly snackBar = inject(MatSnackBar);
  private readonly user = inject(Store).selectSignal(selectUser);

  readonly form = createProfileForm();
  readonly zones = RUSSIAN_TIME_ZONES;
  readonly today = deviceToday();
  readonly earliest = '1900-01-01';
  /** The calendar opens on years around a typical patient's birth, not on this month. */
  readonly birthStartAt = '1970-01-01';
  readonly saving = signal(false);
  readonly dirty = toSignal(this.form.events.pipe(map(() => this.form.dirty)), { initialValue: false });
  private readonly language = computed(() => this.i18n.language());

  constructor() {
    this.revalidate();
    toObservable(this.user)
      .pipe(
        filter((user) => user !== null),
        switchMap((user) => this.data.doc$<PatientProfile>('profiles', profileId(user.id))),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe((profile) => this.showStored(profile));
  }

  zoneLabel(id: string): string {
    return timeZoneLabel(id, this.language());
  }

  /** The i18n key of the control's current problem (mat-error shows only while invalid). */
  errorKey(field: (typeof PROFILE_FIELDS)[number]): string {
    const errors = this.form.controls[field].errors;
    const pickerProblem = datePickerErrorKey(errors);
    // Text that is no date leaves the control empty: say how to write it.
    if (errors?.['matDatepickerParse'] && pickerProblem) return pickerProblem;
    return (errors?.['profile'] as string | undefined) ?? pickerProblem ?? 'error.validation';
  }

  async save(): Promise<void> {
    this.form.markAllAsTouched();
    this.revalidate();
    const user = this.user();
    if (this.form.invalid || !user || this.saving()) return;
    this.saving.set(true);
    try {
      const profile = toProfile(user.id, this.form.getRawValue());
      const result = await this.data.save('profiles', profile);
      this.form.markAsPristine();
      // Show the values as stored (a typed "8 (913) …" becomes "+7 913 …").
      this.showStored(profile);
      this.form.updateValueAndValidity();
      this.snackBar.open(this.i18n.t(result.savedOffline ? 'profile.savedOffline' : 'profile.saved'), undefined, { duration: 4000 });
    } finally {
      this.saving.set(false);
    }
  }

  /** A stored version arrived (first load, this device, or another device). */
  private showStored(profile: PatientProfile | null): void {
    if (!profile) return;
    for (const field of PROFILE_FIELDS) {
      const control = this.form.controls[field];
      if (!control.dirty) control.setValue(toFormValue(field, profile), { emitEvent: false });
    }
    this.revalidate();
  }

  /** Rules span fields, so every field is checked again when any changes. */
  private revalidate(): void {
    for (const field of PROFILE_FIELDS) this.form.controls[field].updateValueAndValidity({ emitEvent: false });
    this.form.updateValueAndValidity();
  }
}
