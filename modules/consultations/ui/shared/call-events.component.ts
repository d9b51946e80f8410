import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { callEventText, type ConsultationCallEvent } from '@oblako/domain';
import { TranslatePipe, TranslationService } from '@oblako/shell-kit';
import { ViewerZone } from './viewer-zone.service';

/**
 * The video call's part of a consultation's history on the patient's card: «Пациент подключился
 * к звонку · 10:02 (Москва, UTC+3)», «Звонок длился 24 мин · …» — written by the server, shown in
 * the reader's zone and language.
 */
@Component({
  selector: 'ob-call-events',
  imports: [TranslatePipe],
  template: `
    @if (lines().length > 0) {
      <div class="call" data-testid="call-events">
        <strong>{{ 'consultations.callEvents.title' | t }}</strong>
        <ul>
          @for (line of lines(); track $index) {
            <li data-testid="call-event">{{ line }}</li>
          }
        </ul>
      </div>
    }
  `,
  styles: `
    .call { display: grid; gap: 2px; color: var(--mat-sys-on-surface-variant); font-size: 0.9rem; }
    .call strong { color: var(--mat-sys-on-surface); font-weight: 500; }
    ul { margin: 0; padding-left: 18px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CallEventsComponent {
  readonly events = input<readonly ConsultationCallEvent[] | undefined>();
  private readonly zone = inject(ViewerZone).zone;
  private readonly i18n = inject(TranslationService);
  readonly lines = computed(() => (this.events() ?? []).map((event) => callEventText(event, this.zone(), this.i18n.language())));
}
