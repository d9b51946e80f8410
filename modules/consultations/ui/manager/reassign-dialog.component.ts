import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogActions, MatDialogContent, MatDialogRef, MatDialogTitle } from '@angular/material/dialog';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatRadioButton, MatRadioGroup } from '@angular/material/radio';
import { Store } from '@ngrx/store';
import { MAX_REASON_LENGTH, timeZoneName } from '@oblako/domain';
import { ApiCallError, TranslatePipe, TranslationService, selectOnline } from '@oblako/shell-kit';
import type { DoctorSummary, StageRow } from '../../api';
import { specialtyLabel } from '../../specialties';
import { ManagerConsultationsApi } from './manager-api';

/** What the dialog closes with: the doctor the patient went to, or undefined when cancelled. */
export interface ReassignOutcome {
  doctorId: string;
  doctorName: string;
}

/**
 * «Передать другому врачу»: the doctors of the consultation's specialty first (all others behind
 * «Показать всех врачей»), a required reason (the patient and both doctors see it), and the
 * server's answer in words when it refuses.
 */
@Component({
  selector: 'ob-reassign-dialog',
  imports: [
    MatDialogTitle, MatDialogContent, MatDialogActions, MatButton, MatCheckbox, MatRadioGroup, MatRadioButton, MatFormField, MatLabel,
    MatInput, MatHint, MatProgressBar, TranslatePipe,
  ],
  template: `
    <h2 mat-dialog-title>{{ 'consultations.reassign.title' | t: { name: row.patientName } }}</h2>
    <mat-dialog-content class="content">
      <p class="meta">
        {{ 'consultations.reassign.current' | t: { doctor: row.doctorName || ('consultations.stages.noDoctor' | t) } }}
        · {{ 'consultations.reassign.specialty' | t: { specialty: specialtyText() } }}
      </p>
      @if (!online()) {
        <p class="problem" role="alert" data-testid="reassign-offline">{{ 'consultations.reassign.offline' | t }}</p>
      }
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" />
        <p class="meta">{{ 'consultations.reassign.loading' | t }}</p>
      } @else {
        @if (row.specialty) {
          <mat-checkbox [checked]="showAll()" (change)="showAll.set($event.checked)" data-testid="reassign-show-all">
            {{ 'consultations.reassign.showAll' | t }}
          </mat-checkbox>
        }
        <mat-radio-group class="doctors" [value]="doctorId()" (change)="doctorId.set($event.value)" [attr.aria-label]="'consultations.stages.col.doctor' | t">
          @for (doctor of shownDoctors(); track doctor.id) {
            <mat-radio-button [value]="doctor.id" class="doctor" data-testid="reassign-doctor">
              <span class="name">{{ doctor.name }}</span>
              <span class="meta">
                {{ specialtiesText(doctor) }} · {{ zone(doctor.timeZone) }} · {{ 'consultations.reassign.active' | t: { count: doctor.activeCount } }}
              </span>
            </mat-radio-button>
          } @empty {
            <p class="meta">{{ (candidates().length > 0 ? 'consultations.reassign.noMatching' : 'consultations.reassign.noDoctors') | t }}</p>
          }
        </mat-radio-group>
        @if (submitted() && !doctorId()) {
          <p class="field-error" role="alert">{{ 'consultations.reassign.chooseDoctor' | t }}</p>
        }
      }
      <mat-form-field appearance="outline" class="reason">
        <mat-label>{{ 'consultations.reassign.reason' | t }}</mat-label>
        <textarea matInput rows="3" required [maxLength]="maxReason" [value]="reason()" (input)="reason.set($any($event.target).value)"
          data-testid="reassign-reason"></textarea>
        <mat-hint>{{ 'consultations.reassign.reasonHint' | t }}</mat-hint>
      </mat-form-field>
      @if (submitted() && reasonMissing()) {
        <p class="field-error" role="alert" data-testid="reassign-reason-error">{{ 'consultations.reassign.reasonRequired' | t }}</p>
      }
      @if (error(); as message) {
        <p class="problem" role="alert" data-testid="reassign-error">{{ message }}</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" (click)="ref.close()">{{ 'consultations.reassign.cancel' | t }}</button>
      <button mat-flat-button type="button" [disabled]="busy() || !online()" (click)="submit()" data-testid="reassign-submit">
        {{ 'consultations.reassign.submit' | t }}
      </button>
    </mat-dialog-actions>
    @if (busy()) { <mat-progress-bar mode="indeterminate" /> }
  `,
  styles: `
    .content { display: grid; gap: 8px; }
    .doctors { display: grid; gap: 4px; margin: 4px 0; }
    .doctor { padding: 4px 0; }
    .name { display: block; font: var(--mat-sys-title-small); }
    .meta { display: block; margin: 0; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .reason { width: 100%; margin-top: 8px; }
    .field-error { margin: 0; color: var(--mat-sys-error); font: var(--mat-sys-body-small); }
    .problem { margin: 0; padding: 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    button { min-height: 44px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReassignDialogComponent {
  readonly row = inject<StageRow>(MAT_DIALOG_DATA);
  readonly ref = inject<MatDialogRef<ReassignDialogComponent, ReassignOutcome>>(MatDialogRef);
  private readonly api = inject(ManagerConsultationsApi);
  private readonly i18n = inject(TranslationService);
  readonly online = inject(Store).selectSignal(selectOnline);

  readonly maxReason = MAX_REASON_LENGTH;
  readonly doctors = signal<DoctorSummary[]>([]);
  readonly loading = signal(true);
  readonly showAll = signal(!this.row.specialty);
  readonly doctorId = signal<string | null>(null);
  readonly reason = signal('');
  readonly submitted = signal(false);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);

  /** Every doctor but the one who has the patient now. */
  readonly candidates = computed(() => this.doctors().filter((doctor) => doctor.id !== this.row.doctorId));
  readonly shownDoctors = computed(() => {
    const matching = this.candidates().filter((doctor) => this.fits(doctor));
    const rest = this.candidates().filter((doctor) => !this.fits(doctor));
    return this.showAll() ? [...matching, ...rest] : matching;
  });
  readonly reasonMissing = computed(() => this.reason().trim() === '');

  constructor() {
    void this.loadDoctors();
  }

  specialtyText(): string {
    return this.row.specialty ? specialtyLabel(this.row.specialty, this.i18n.language()) : this.i18n.t('consultations.stages.noSpecialty');
  }

  specialtiesText(doctor: DoctorSummary): string {
    if (doctor.specialties.length === 0) return this.i18n.t('consultations.reassign.anySpecialty');
    return doctor.specialties.map((code) => specialtyLabel(code, this.i18n.language())).join(', ');
  }

  zone(zone: string): string {
    return zone ? timeZoneName(zone, this.i18n.language()) : '—';
  }

  async submit(): Promise<void> {
    this.submitted.set(true);
    this.error.set(null);
    const doctorId = this.doctorId();
    if (!doctorId || this.reasonMissing() || !this.row.consultationId) return;
    this.busy.set(true);
    try {
      await this.api.reassign(this.row.consultationId, { doctorId, reason: this.reason().trim() });
      const doctor = this.doctors().find((candidate) => candidate.id === doctorId);
      this.ref.close({ doctorId, doctorName: doctor?.name ?? '' });
    } catch (error) {
      this.error.set(error instanceof ApiCallError ? error.message : this.i18n.t('error.internal'));
    } finally {
      this.busy.set(false);
    }
  }

  /** A doctor of the consultation's specialty (a doctor with none takes every patient). */
  private fits(doctor: DoctorSummary): boolean {
    return !this.row.specialty || doctor.specialties.length === 0 || doctor.specialties.includes(this.row.specialty);
  }

  private async loadDoctors(): Promise<void> {
    try {
      this.doctors.set(await this.api.doctors());
    } catch (error) {
      this.error.set(error instanceof ApiCallError ? error.message : this.i18n.t('error.internal'));
    } finally {
      this.loading.set(false);
    }
  }
}
