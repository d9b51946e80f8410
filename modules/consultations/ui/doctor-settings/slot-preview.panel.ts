import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { TranslatePipe } from '@oblako/shell-kit';

/** «Ближайшие свободные слоты»: what patients would be offered with the calendar as it is being edited. */
@Component({
  selector: 'ob-slot-preview-panel',
  imports: [MatIcon, TranslatePipe],
  template: `
    <aside class="section" data-testid="settings-preview">
      <h2 class="section-title"><mat-icon svgIcon="schedule" />{{ 'consultations.settings.preview' | t }}</h2>
      <p class="muted">{{ 'consultations.settings.previewHint' | t }}</p>
      @if (invalid()) {
        <p class="muted">{{ 'consultations.settings.previewInvalid' | t }}</p>
      } @else {
        <ol class="slots">
          @for (slot of slots(); track $index) {
            <li data-testid="preview-slot">{{ slot }}</li>
          } @empty {
            <li class="muted">{{ 'consultations.settings.previewNone' | t }}</li>
          }
        </ol>
      }
    </aside>
  `,
  styleUrls: ['./settings-panels.css'],
  styles: `
    :host { display: block; }
    .slots { margin: 0; padding-left: 20px; display: grid; gap: 6px; font: var(--mat-sys-body-medium); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SlotPreviewPanel {
  readonly slots = input.required<string[]>();
  /** The calendar breaks a rule: no preview until it is fixed. */
  readonly invalid = input(false);
}
