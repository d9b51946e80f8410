import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatDialogActions, MatDialogContent, MatDialogRef, MatDialogTitle } from '@angular/material/dialog';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatRadioButton, MatRadioGroup } from '@angular/material/radio';
import { MatProgressBar } from '@angular/material/progress-bar';
import { RUSSIAN_TIME_ZONES, SPECIALTIES } from '@oblako/domain';
import { ApiCallError, TranslatePipe, TranslationService } from '@oblako/shell-kit';
import type { StaffMember, StaffRole } from '../../staff-api';
import { AdminApi } from '../admin-api';

type Field = 'fullName' | 'phone' | 'specialties' | 'form';

/**
 * «Новый сотрудник»: role, ФИО, phone, and for a doctor the specialties and the zone of their
 * calendar. The obvious gaps are named before sending; everything else (a phone already in use,
 * an invalid number) comes back from the server under the field it is about.
 */
@Component({
  selector: 'ob-staff-form-dialog',
  imports: [
    MatDialogTitle, MatDialogContent, MatDialogActions, MatButton, MatFormField, MatLabel, MatHint, MatInput, MatSelect, MatOption,
    MatRadioGroup, MatRadioButton, MatProgressBar, TranslatePipe,
  ],
  template: `
    <h2 mat-dialog-title>{{ 'admin.staff.form.title' | t }}</h2>
    <mat-dialog-content class="form">
      <mat-radio-group class="roles" [value]="role()" (change)="role.set($event.value)" [attr.aria-label]="'admin.staff.form.role' | t">
        <mat-radio-button value="doctor" data-testid="staff-role-doctor">{{ 'admin.staff.role.doctor' | t }}</mat-radio-button>
        <mat-radio-button value="manager" data-testid="staff-role-manager">{{ 'admin.staff.role.manager' | t }}</mat-radio-button>
      </mat-radio-group>
      <mat-form-field appearance="outline">
        <mat-label>{{ 'admin.staff.form.fullName' | t }}</mat-label>
        <input matInput required autocomplete="off" [value]="fullName()" (input)="fullName.set($any($event.target).value)" data-testid="staff-name" />
      </mat-form-field>
      @if (problems()['fullName']; as problem) { <p class="field-problem" role="alert">{{ problem }}</p> }
      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="phone">
        <mat-label>{{ 'admin.staff.form.phone' | t }}</mat-label>
        <input matInput required type="tel" autocomplete="off" inputmode="tel" placeholder="+7 900 123-45-67" [value]="phone()" (input)="phone.set($any($event.target).value)" data-testid="staff-phone" />
        <mat-hint>{{ 'admin.staff.form.phoneHint' | t }}</mat-hint>
      </mat-form-field>
      @if (problems()['phone']; as problem) { <p class="field-problem" role="alert" data-testid="staff-phone-problem">{{ problem }}</p> }
      @if (role() === 'doctor') {
        <mat-form-field appearance="outline">
          <mat-label>{{ 'admin.staff.form.specialties' | t }}</mat-label>
          <mat-select multiple required [value]="specialties()" (selectionChange)="specialties.set($event.value)" data-testid="staff-specialties">
            @for (specialty of specialtyOptions(); track specialty.code) {
              <mat-option [value]="specialty.code">{{ specialty.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        @if (problems()['specialties']; as problem) { <p class="field-problem" role="alert">{{ problem }}</p> }
        <mat-form-field appearance="outline">
          <mat-label>{{ 'admin.staff.form.zone' | t }}</mat-label>
          <mat-select [value]="timeZone()" (selectionChange)="timeZone.set($event.value)" data-testid="staff-zone">
            @for (zone of zones(); track zone.id) {
              <mat-option [value]="zone.id">{{ zone.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      }
      @if (problems()['form']; as problem) { <p class="field-problem" role="alert">{{ problem }}</p> }
      @if (saving()) { <mat-progress-bar mode="indeterminate" /> }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" (click)="ref.close()">{{ 'admin.staff.form.cancel' | t }}</button>
      <button mat-flat-button type="button" [disabled]="saving()" (click)="save()" data-testid="staff-save">{{ 'admin.staff.form.save' | t }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    .form { display: grid; gap: 4px; padding-top: 8px; }
    .roles { display: flex; gap: 16px; margin-bottom: 8px; }
    mat-form-field { width: 100%; }
    .phone { margin-bottom: 16px; }
    .field-problem { margin: -4px 0 8px; font: var(--mat-sys-body-small); color: var(--mat-sys-error); }
    button { min-height: 44px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StaffFormDialogComponent {
  readonly ref = inject<MatDialogRef<StaffFormDialogComponent, StaffMember>>(MatDialogRef);
  private readonly api = inject(AdminApi);
  private readonly i18n = inject(TranslationService);

  readonly role = signal<StaffRole>('doctor');
  readonly fullName = signal('');
  readonly phone = signal('');
  readonly specialties = signal<string[]>([]);
  readonly timeZone = signal('Europe/Moscow');
  readonly saving = signal(false);
  readonly problems = signal<Partial<Record<Field, string>>>({});

  readonly specialtyOptions = computed(() => {
    const language = this.i18n.language();
    return SPECIALTIES.map((specialty) => ({ code: specialty.code, label: specialty[language] }));
  });
  readonly zones = computed(() => {
    const language = this.i18n.language();
    return RUSSIAN_TIME_ZONES.map((zone) => ({ id: zone.id, label: `${zone[language]}, UTC${zone.utcOffset}` }));
  });

  async save(): Promise<void> {
    const problems: Partial<Record<Field, string>> = {};
    if (this.fullName().trim() === '') problems.fullName = this.i18n.t('admin.staff.form.nameRequired');
    if (this.phone().trim() === '') problems.phone = this.i18n.t('admin.staff.form.phoneRequired');
    if (this.role() === 'doctor' && this.specialties().length === 0) problems.specialties = this.i18n.t('admin.staff.form.specialtyRequired');
    this.problems.set(problems);
    if (Object.keys(problems).length > 0) return;
    this.saving.set(true);
    try {
      const doctor = this.role() === 'doctor';
      const member = await this.api.addStaff({
        role: this.role(), fullName: this.fullName(), phone: this.phone(),
        ...(doctor ? { specialties: this.specialties(), timeZone: this.timeZone() } : {}),
      });
      this.ref.close(member);
    } catch (error) {
      const message = error instanceof ApiCallError ? error.message : this.i18n.t('error.internal');
      const field = error instanceof ApiCallError && ['fullName', 'phone', 'specialties'].includes(error.field ?? '') ? (error.field as Field) : 'form';
      this.problems.set({ [field]: message });
    } finally {
      this.saving.set(false);
    }
  }
}
