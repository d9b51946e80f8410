import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { TERMINAL_STATUSES, type Consultation, type TransitionName } from '@oblako/domain';
import { TranslatePipe } from '@oblako/shell-kit';
import { CallEventsComponent } from '../shared/call-events.component';
import { ConsultationTimePipe } from '../shared/consultation-time.pipe';
import type { VideoJoin } from './video-join';

/**
 * One consultation as its patient sees it: specialty, doctor, status and time (in the patient's
 * zone), the way into the video call, what the doctor asked or why it was cancelled, the
 * conclusion, and the buttons of the actions allowed now. The page carries the actions out.
 */
@Component({
  selector: 'ob-patient-consultation-card',
  imports: [MatButton, MatIcon, RouterLink, TranslatePipe, ConsultationTimePipe, CallEventsComponent],
  templateUrl: './consultation-card.component.html',
  styleUrl: './consultation-card.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientConsultationCardComponent {
  readonly consultation = input.required<Consultation>();
  readonly specialtyName = input.required<string>();
  readonly statusLabel = input.required<string>();
  /** Opened from a tapped notification: outlined. */
  readonly focused = input(false);
  /** A change made on this device is still waiting to reach the server. */
  readonly pending = input(false);
  /** What the state machine allows the patient now. */
  readonly allowed = input<readonly TransitionName[]>([]);
  readonly videoJoin = input<VideoJoin | null>(null);
  readonly busy = input(false);
  readonly documentsProvided = output<void>();
  readonly otherTime = output<void>();
  readonly cancelRequested = output<void>();
  readonly addToCalendar = output<void>();

  readonly active = computed(() => !TERMINAL_STATUSES.includes(this.consultation().status));
}
