import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators, type AbstractControl, type ValidationErrors } from '@angular/forms';
import { MatIconButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { TranslatePipe } from '@oblako/shell-kit';

/** The auth core's rule (`weak_password`): the form says it before the server has to. */
export const MIN_PASSWORD_LENGTH = 8;

export type NewPasswordGroup = FormGroup<{ password: FormControl<string>; repeat: FormControl<string> }>;

function sameAsPassword(control: AbstractControl<string>): ValidationErrors | null {
  const password = (control.parent as NewPasswordGroup | null)?.controls.password.value ?? '';
  return control.value && control.value !== password ? { mismatch: true } : null;
}

export function createNewPasswordGroup(): NewPasswordGroup {
  return new FormGroup({
    password: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH)] }),
    repeat: new FormControl('', { nonNullable: true, validators: [Validators.required, sameAsPassword] }),
  });
}

/** A new password twice, with the rules shown as the person types. */
@Component({
  selector: 'ob-new-password-fields',
  imports: [ReactiveFormsModule, MatFormField, MatLabel, MatInput, MatError, MatHint, MatSuffix, MatIconButton, MatIcon, TranslatePipe],
  template: `
    <div [formGroup]="group()" class="fields">
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>{{ labelKey() | t }}</mat-label>
        <input matInput formControlName="password" [type]="shown() ? 'text' : 'password'" autocomplete="new-password" maxlength="200" />
        <button mat-icon-button matSuffix type="button" (click)="shown.set(!shown())"
          [attr.aria-label]="(shown() ? 'signIn.hidePassword' : 'signIn.showPassword') | t" [attr.aria-pressed]="shown()">
          <mat-icon [svgIcon]="shown() ? 'visibility_off' : 'visibility'" />
        </button>
        <mat-hint>{{ 'registration.passwordHint' | t }}</mat-hint>
        @if (group().controls.password.hasError('required')) {
          <mat-error>{{ 'signIn.passwordRequired' | t }}</mat-error>
        } @else {
          <mat-error>{{ 'error.weak_password' | t }}</mat-error>
        }
      </mat-form-field>
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>{{ 'registration.passwordRepeat' | t }}</mat-label>
        <input matInput formControlName="repeat" [type]="shown() ? 'text' : 'password'" autocomplete="new-password" maxlength="200" />
        @if (group().controls.repeat.hasError('required')) {
          <mat-error>{{ 'signIn.passwordRequired' | t }}</mat-error>
        } @else {
          <mat-error>{{ 'registration.passwordMismatch' | t }}</mat-error>
        }
      </mat-form-field>
    </div>
  `,
  styles: `
    .fields { display: grid; gap: 12px; }
    mat-form-field { width: 100%; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NewPasswordFieldsComponent implements OnInit {
  readonly group = input.required<NewPasswordGroup>();
  readonly labelKey = input('registration.password');
  readonly shown = signal(false);
  private readonly destroyRef = inject(DestroyRef);

  ngOnInit(): void {
    // The repeat is checked again whenever the password changes.
    const { password, repeat } = this.group().controls;
    password.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => repeat.updateValueAndValidity({ emitEvent: false }));
  }
}
