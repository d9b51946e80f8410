import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogActions, MatDialogContent, MatDialogRef, MatDialogTitle } from '@angular/material/dialog';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatOption, MatSelect } from '@angular/material/select';
import { SPECIALTIES } from '@oblako/domain';
import { ApiCallError, TranslatePipe, TranslationService } from '@oblako/shell-kit';
import type { StaffMember } from '../../staff-api';
import { AdminApi } from '../admin-api';

/** «Специальности»: the profiles a doctor takes patients for («Новые пациенты» is filtered by them). */
@Component({
  selector: 'ob-specialties-dialog',
  imports: [MatDialogTitle, MatDialogContent, MatDialogActions, MatButton, MatFormField, MatLabel, MatSelect, MatOption, TranslatePipe],
  template: `
    <h2 mat-dialog-title>{{ 'admin.staff.specialtiesTitle' | t: { name: member.fullName } }}</h2>
    <mat-dialog-content class="form">
      <mat-form-field appearance="outline">
        <mat-label>{{ 'admin.staff.form.specialties' | t }}</mat-label>
        <mat-select multiple [value]="chosen()" (selectionChange)="chosen.set($event.value)" data-testid="specialties-select">
          @for (option of options(); track option.code) {
            <mat-option [value]="option.code">{{ option.label }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      @if (problem(); as message) { <p class="problem" role="alert">{{ message }}</p> }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" (click)="ref.close()">{{ 'admin.staff.form.cancel' | t }}</button>
      <button mat-flat-button type="button" [disabled]="saving()" (click)="save()" data-testid="specialties-save">{{ 'admin.staff.specialtiesSave' | t }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    .form { padding-top: 8px; }
    mat-form-field { width: 100%; }
    .problem { margin: 0; font: var(--mat-sys-body-small); color: var(--mat-sys-error); }
    button { min-height: 44px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SpecialtiesDialogComponent {
  readonly ref = inject<MatDialogRef<SpecialtiesDialogComponent, StaffMember>>(MatDialogRef);
  readonly member = inject<StaffMember>(MAT_DIALOG_DATA);
  private readonly api = inject(AdminApi);
  private readonly i18n = inject(TranslationService);

  readonly chosen = signal<string[]>([...this.member.specialties]);
  readonly saving = signal(false);
  readonly problem = signal<string | null>(null);
  /** The catalogue, plus any profile the doctor has that is not in it (kept as written). */
  readonly options = computed(() => {
    const language = this.i18n.language();
    const known = SPECIALTIES.map((specialty) => ({ code: specialty.code, label: specialty[language] }));
    const extra = this.member.specialties.filter((code) => !SPECIALTIES.some((specialty) => specialty.code === code)).map((code) => ({ code, label: code }));
    return [...known, ...extra];
  });

  async save(): Promise<void> {
    if (this.chosen().length === 0) {
      this.problem.set(this.i18n.t('admin.staff.form.specialtyRequired'));
      return;
    }
    this.saving.set(true);
    try {
      this.ref.close(await this.api.changeSpecialties(this.member.id, this.chosen()));
    } catch (error) {
      this.problem.set(error instanceof ApiCallError ? error.message : this.i18n.t('error.internal'));
    } finally {
      this.saving.set(false);
    }
  }
}
