import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { LiveMarks, TranslatePipe } from '@oblako/shell-kit';

/**
 * What another module says live about this consultation (the video call: «Пациент ждёт в комнате
 * ожидания», pushed by its presence stream — no polling), as a chip on the row.
 */
@Component({
  selector: 'ob-live-marks',
  imports: [TranslatePipe],
  template: `
    @for (mark of marks(); track mark.key) {
      <span class="mark" [class.mark--attention]="mark.tone === 'attention'" role="status" data-testid="live-mark" [attr.data-key]="mark.key">
        @if (mark.tone === 'attention') {<span class="dot" aria-hidden="true"></span>}{{ mark.key | t }}
      </span>
    }
  `,
  styles: `
    :host { display: contents; }
    .mark {
      display: inline-flex; align-items: center; gap: 6px; width: fit-content; padding: 2px 10px; border-radius: 12px;
      font-size: 0.85rem; font-weight: 500; line-height: 1.6;
      background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container);
    }
    .mark--attention { background: var(--mat-sys-tertiary-container); color: var(--mat-sys-on-tertiary-container); }
    .dot { width: 8px; height: 8px; border-radius: 50%; background: currentColor; animation: pulse 1.6s ease-in-out infinite; }
    @keyframes pulse { 50% { opacity: 0.3; } }
    @media (prefers-reduced-motion: reduce) { .dot { animation: none; } }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LiveMarksComponent {
  readonly recordId = input.required<string>();
  private readonly all = inject(LiveMarks).all;
  readonly marks = computed(() => this.all().get(this.recordId()) ?? []);
}
