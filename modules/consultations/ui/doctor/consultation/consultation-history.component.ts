import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { TranslatePipe } from '@oblako/shell-kit';
import { ConsultationTimePipe } from '../../shared/consultation-time.pipe';
import type { HistoryStep } from './consultation-facts';

/** How the consultation got here, as events («Пациент записался», «Врач взял пациента»), oldest first. */
@Component({
  selector: 'ob-consultation-history',
  imports: [MatIcon, TranslatePipe, ConsultationTimePipe],
  template: `
    <section class="history" data-testid="history">
      <h2><mat-icon svgIcon="history" />{{ 'consultations.doctor.page.history' | t }}</h2>
      <ol>
        @for (step of steps(); track $index) {
          <li data-testid="history-entry" [attr.data-kind]="step.kind">
            <div><b>{{ step.label }}</b></div>
            <div class="muted">@if (step.who) {{{ step.who }} · }{{ step.at | consultationTime }}</div>
            @if (step.reason) {<div class="muted">«{{ step.reason }}»</div>}
          </li>
        }
      </ol>
    </section>
  `,
  styles: `
    :host { display: block; }
    .muted { color: var(--mat-sys-on-surface-variant); margin: 0; }
    .history h2 { font-size: 1.1rem; display: flex; align-items: center; gap: 8px; }
    .history ol { list-style: none; padding: 0; margin: 0; display: grid; gap: 10px; border-left: 2px solid var(--mat-sys-outline-variant); padding-left: 12px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConsultationHistoryComponent {
  readonly steps = input.required<readonly HistoryStep[]>();
}
