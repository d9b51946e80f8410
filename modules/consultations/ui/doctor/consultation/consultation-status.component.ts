import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent } from '@angular/material/card';
import { MatIcon } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import type { Consultation } from '@oblako/domain';
import { TranslatePipe } from '@oblako/shell-kit';
import { ConsultationTimePipe } from '../../shared/consultation-time.pipe';
import { LiveMarksComponent } from '../../shared/live-marks.component';

/**
 * Where the consultation stands: its status and time, what the patient asked or was asked,
 * whether the documents are ready, and the ways to the documents and (for its doctor) the video call.
 */
@Component({
  selector: 'ob-consultation-status',
  imports: [RouterLink, MatButton, MatIcon, MatCard, MatCardContent, TranslatePipe, ConsultationTimePipe, LiveMarksComponent],
  templateUrl: './consultation-status.component.html',
  styles: `
    :host { display: block; }
    .status { display: grid; gap: 8px; justify-items: start; }
    .status-line { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center; }
    .status-chip { padding: 2px 10px; border-radius: 12px; background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); font-weight: 500; }
    .note, .readiness { margin: 0; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConsultationStatusComponent {
  readonly consultation = input.required<Consultation>();
  readonly statusLabel = input.required<string>();
  readonly readinessText = input.required<string>();
  /** Only the consultation's own doctor, while it is scheduled or in progress, goes to the call. */
  readonly showVideo = input(false);
}
