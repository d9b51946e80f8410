import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslatePipe } from '@oblako/shell-kit';
import type { ReferralFacts } from './consultation-facts';

/** Who the patient is: name, age, region, their clock now, the specialty and the referral's diagnosis. */
@Component({
  selector: 'ob-consultation-patient-header',
  imports: [TranslatePipe],
  template: `
    <header class="patient" data-testid="patient-header">
      <h1 class="page-title">{{ name() }}</h1>
      <div class="facts">
        @if (age()) {<span>{{ age() }}</span>}
        @if (region()) {<span>{{ region() }}</span>}
        @if (zoneText()) {<span data-testid="patient-zone">{{ zoneText() }}</span>}
      </div>
      <div class="facts">
        <span><b>{{ specialty() }}</b></span>
        @if (referral(); as r) {
          <span data-testid="referral-diagnosis">{{ 'consultations.doctor.page.referral' | t }}: {{ r.icd10 ? r.icd10 + ' ' : '' }}{{ r.diagnosis }}</span>
        }
      </div>
    </header>
  `,
  styles: `
    :host { display: block; }
    .page-title { margin: 0; }
    .patient { display: grid; gap: 4px; }
    .facts { display: flex; flex-wrap: wrap; gap: 4px 16px; color: var(--mat-sys-on-surface-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientHeaderComponent {
  readonly name = input.required<string>();
  readonly age = input('');
  readonly region = input<string | undefined>('');
  /** «Сейчас у пациента 16:00 (Владивосток, UTC+10)»; empty when the zone is unknown. */
  readonly zoneText = input('');
  readonly specialty = input.required<string>();
  readonly referral = input<ReferralFacts | null>(null);
}
