import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, inject, input, output, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators, type AbstractControl, type ValidationErrors } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { Store } from '@ngrx/store';
import { ApiCallError, ApiClient, TranslatePipe, TranslationService, selectOnline } from '@oblako/shell-kit';
import { CONCLUSION_LIMITS, ICD10_PATTERN, conclusionUrl, type ConclusionRequest, type ConclusionResult } from '../../api';

/** Where a conclusion being written waits on this device (nothing typed is lost offline or on reload). */
export const conclusionDraftKey = (consultationId: string): string => `oblako.conclusion-draft.${consultationId}`;

/** `i25.1 ` → `I25.1`: what the doctor means, in the spelling the code list uses. */
export function normaliseIcd10(value: string): string {
  return value.trim().toUpperCase().replace(',', '.');
}

function icd10Validator(control: AbstractControl<string>): ValidationErrors | null {
  const value = normaliseIcd10(control.value ?? '');
  return value === '' || ICD10_PATTERN.test(value) ? null : { icd10: true };
}

function requiredText(control: AbstractControl<string>): ValidationErrors | null {
  return (control.value ?? '').trim() === '' ? { required: true } : null;
}

/**
 * The consultant's conclusion: complaints, findings, diagnosis with its ICD-10 code,
 * recommendations. The server makes the PDF (online only); the draft is kept on the device
 * under the consultation's id until the conclusion is issued.
 */
@Component({
  selector: 'ob-conclusion-form',
  imports: [ReactiveFormsModule, MatFormField, MatLabel, MatHint, MatError, MatInput, MatButton, MatProgressBar, TranslatePipe],
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" class="form" novalidate data-testid="conclusion-form">
      <p class="required-hint">{{ 'forms.requiredHint' | t }}</p>
      <mat-form-field appearance="outline">
        <mat-label>{{ 'consultations.doctor.conclusion.complaints' | t }}</mat-label>
        <textarea matInput rows="3" formControlName="complaints" [maxlength]="limits.complaints" data-testid="conclusion-complaints"></textarea>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ 'consultations.doctor.conclusion.findings' | t }}</mat-label>
        <textarea matInput rows="4" formControlName="findings" [maxlength]="limits.findings" data-testid="conclusion-findings"></textarea>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ 'consultations.doctor.conclusion.diagnosis' | t }}</mat-label>
        <textarea matInput rows="2" formControlName="diagnosis" required [maxlength]="limits.diagnosis" data-testid="conclusion-diagnosis"></textarea>
        @if (form.controls.diagnosis.hasError('required')) {
          <mat-error data-testid="diagnosis-error">{{ 'consultations.doctor.conclusion.diagnosisRequired' | t }}</mat-error>
        }
      </mat-form-field>
      <mat-form-field appearance="outline" class="icd">
        <mat-label>{{ 'consultations.doctor.conclusion.icd10' | t }}</mat-label>
        <input matInput formControlName="icd10" required maxlength="8" autocapitalize="characters" data-testid="conclusion-icd10" />
        <mat-hint>{{ 'consultations.doctor.conclusion.icd10Hint' | t }}</mat-hint>
        @if (form.controls.icd10.hasError('required')) {
          <mat-error data-testid="icd10-error">{{ 'consultations.doctor.conclusion.icd10Required' | t }}</mat-error>
        } @else if (form.controls.icd10.hasError('icd10')) {
          <mat-error data-testid="icd10-error">{{ 'consultations.doctor.conclusion.icd10Invalid' | t }}</mat-error>
        }
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ 'consultations.doctor.conclusion.recommendations' | t }}</mat-label>
        <textarea matInput rows="4" formControlName="recommendations" [maxlength]="limits.recommendations" data-testid="conclusion-recommendations"></textarea>
      </mat-form-field>
      @if (sending()) {
        <mat-progress-bar mode="indeterminate" />
        <p class="muted" role="status">{{ 'consultations.doctor.conclusion.generating' | t }}</p>
      }
      @if (!online()) {
        <p class="warn" role="status" data-testid="conclusion-offline">{{ 'consultations.doctor.conclusion.offline' | t }}</p>
      }
      @if (error(); as text) {
        <p class="error" role="alert" data-testid="conclusion-error">{{ text }}</p>
      }
      <div class="actions">
        <button mat-flat-button type="submit" [disabled]="sending() || !online()" data-testid="conclusion-submit">
          {{ 'consultations.doctor.conclusion.issue' | t }}
        </button>
      </div>
      <p class="muted small">{{ 'consultations.doctor.conclusion.draftHint' | t }}</p>
    </form>
  `,
  styles: `
    .form { display: grid; gap: 4px; }
    .required-hint { margin: 0 0 8px; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); }
    .icd { max-width: 260px; }
    .muted { color: var(--mat-sys-on-surface-variant); margin: 0; }
    .small { font-size: 0.85rem; }
    .warn { margin: 0; padding: 8px 12px; border-radius: 8px; background: var(--mat-sys-secondary-container); }
    .error { color: var(--mat-sys-error); margin: 0; }
    .actions { display: flex; gap: 8px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConclusionFormComponent implements OnInit {
  private readonly api = inject(ApiClient);
  private readonly i18n = inject(TranslationService);
  private readonly destroyRef = inject(DestroyRef);
  readonly online = inject(Store).selectSignal(selectOnline);
  readonly consultationId = input.required<string>();
  readonly issued = output<ConclusionResult>();

  readonly limits = CONCLUSION_LIMITS;
  readonly sending = signal(false);
  readonly error = signal<string | null>(null);
  readonly form = new FormGroup({
    complaints: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(CONCLUSION_LIMITS.complaints)] }),
    findings: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(CONCLUSION_LIMITS.findings)] }),
    diagnosis: new FormControl('', { nonNullable: true, validators: [requiredText, Validators.maxLength(CONCLUSION_LIMITS.diagnosis)] }),
    icd10: new FormControl('', { nonNullable: true, validators: [requiredText, icd10Validator] }),
    recommendations: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(CONCLUSION_LIMITS.recommendations)] }),
  });

  ngOnInit(): void {
    const draft = readDraft(this.consultationId());
    if (draft) this.form.patchValue(draft);
    const subscription = this.form.valueChanges.subscribe(() => writeDraft(this.consultationId(), this.form.getRawValue()));
    this.destroyRef.onDestroy(() => subscription.unsubscribe());
  }

  async submit(): Promise<void> {
    this.form.markAllAsTouched();
    this.error.set(null);
    if (this.form.invalid) {
      this.error.set(this.i18n.t('consultations.doctor.conclusion.fix'));
      return;
    }
    if (!this.online()) {
      this.error.set(this.i18n.t('consultations.doctor.conclusion.offline'));
      return;
    }
    const value = this.form.getRawValue();
    const request: ConclusionRequest = {
      complaints: value.complaints.trim(),
      findings: value.findings.trim(),
      diagnosis: value.diagnosis.trim(),
      icd10: normaliseIcd10(value.icd10),
      recommendations: value.recommendations.trim(),
    };
    this.sending.set(true);
    try {
      const result = await this.api.post<ConclusionResult>(conclusionUrl(this.consultationId()), request);
      clearDraft(this.consultationId());
      this.issued.emit(result);
    } catch (error) {
      this.error.set(error instanceof ApiCallError ? error.message : this.i18n.t('consultations.doctor.conclusion.failed'));
    } finally {
      this.sending.set(false);
    }
  }
}

type Draft = Partial<Record<keyof ConclusionRequest, string>>;

function readDraft(consultationId: string): Draft | null {
  try {
    const text = localStorage.getItem(conclusionDraftKey(consultationId));
    const value = text ? (JSON.parse(text) as unknown) : null;
    return value && typeof value === 'object' ? (value as Draft) : null;
  } catch {
    return null;
  }
}

function writeDraft(consultationId: string, draft: Draft): void {
  try {
    localStorage.setItem(conclusionDraftKey(consultationId), JSON.stringify(draft));
  } catch {
    // No storage (private mode, full): the form still holds the text on screen.
  }
}

function clearDraft(consultationId: string): void {
  try {
    localStorage.removeItem(conclusionDraftKey(consultationId));
  } catch {
    // Nothing to clear.
  }
}
