import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslatePipe } from '@oblako/shell-kit';

const STEPS = ['registration.steps.phone', 'registration.steps.details', 'registration.steps.consent'] as const;

/** Where the person is in registration: the phone, about you, the consent (done after sign-in). */
@Component({
  selector: 'ob-registration-steps',
  imports: [TranslatePipe],
  template: `
    <ol class="steps" [attr.aria-label]="'registration.steps.label' | t">
      @for (step of steps; track step; let index = $index) {
        <li [class.current]="index + 1 === current()" [class.done]="index + 1 < current()" [attr.aria-current]="index + 1 === current() ? 'step' : null">
          <span class="number">{{ index + 1 }}</span>
          <span class="label">{{ step | t }}</span>
        </li>
      }
    </ol>
  `,
  styles: `
    .steps { list-style: none; display: flex; gap: 4px; margin: 0 0 20px; padding: 0; }
    li { flex: 1; display: flex; flex-direction: column; align-items: center; gap: 4px; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-label-medium); text-align: center; }
    .number { width: 28px; height: 28px; border-radius: 50%; display: grid; place-items: center; border: 1px solid var(--mat-sys-outline); font: var(--mat-sys-label-large); }
    .current { color: var(--mat-sys-on-surface); }
    .current .number { background: var(--mat-sys-primary); border-color: var(--mat-sys-primary); color: var(--mat-sys-on-primary); }
    .done .number { background: var(--mat-sys-secondary-container); border-color: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RegistrationStepsComponent {
  readonly current = input.required<number>();
  readonly steps = STEPS;
}
