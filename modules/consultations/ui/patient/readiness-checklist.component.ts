import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@oblako/shell-kit';
import type { ChecklistLine } from './checklist';

/** «Что нужно загрузить»: each required document done, waiting for its upload or missing, and the way to add one. */
@Component({
  selector: 'ob-readiness-checklist',
  imports: [MatButton, MatIcon, RouterLink, TranslatePipe],
  template: `
    <section class="checklist" data-testid="consultation-checklist" [attr.aria-label]="'consultations.patient.checklist.title' | t">
      <h2>{{ 'consultations.patient.checklist.title' | t }}</h2>
      <ul>
        @for (line of lines(); track line.requirement) {
          <li [class]="'state-' + line.state" [attr.data-testid]="'checklist-' + line.requirement" [attr.data-state]="line.state">
            <mat-icon [svgIcon]="line.state === 'done' ? 'check_circle' : line.state === 'pending' ? 'hourglass_empty' : 'radio_button_unchecked'" />
            <span>{{ 'consultations.patient.checklist.' + line.requirement | t }} — <strong>{{ 'consultations.patient.checklist.' + line.state | t }}</strong></span>
          </li>
        }
      </ul>
      @if (ready()) {
        <p class="ready" data-testid="checklist-ready">{{ 'consultations.patient.checklist.ready' | t }}</p>
      } @else {
        <a mat-stroked-button routerLink="/documents/new" data-testid="checklist-add"><mat-icon svgIcon="add" />{{ 'consultations.patient.checklist.add' | t }}</a>
      }
    </section>
  `,
  styles: `
    :host { display: block; }
    .checklist { border-radius: 12px; background: var(--mat-sys-surface-container-low); padding: 12px 16px; margin-bottom: 16px; }
    .checklist h2 { margin: 0 0 6px; font: var(--mat-sys-title-small); }
    .checklist ul { list-style: none; margin: 0 0 8px; padding: 0; display: grid; gap: 6px; }
    .checklist li { display: flex; align-items: flex-start; gap: 8px; font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
    .checklist li.state-done { color: var(--mat-sys-on-surface); }
    .checklist li.state-done mat-icon { color: var(--mat-sys-primary); }
    .checklist li.state-pending mat-icon { color: var(--mat-sys-tertiary); }
    .checklist mat-icon { flex: none; width: 20px; height: 20px; }
    .checklist a { min-height: 48px; }
    .ready { margin: 0; font: var(--mat-sys-body-medium); color: var(--mat-sys-primary); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReadinessChecklistComponent {
  readonly lines = input.required<readonly ChecklistLine[]>();
  /** Everything a consultation needs is uploaded. */
  readonly ready = input(false);
}
