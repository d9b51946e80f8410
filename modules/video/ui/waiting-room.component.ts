import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent } from '@angular/material/card';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { formatDateInZone, formatTimeInZone, zoneLabel, type Language } from '@oblako/domain';
import { TranslatePipe } from '@oblako/shell-kit';
import type { CallPresence } from '../api';
import type { CallRole } from '../join-window';

/**
 * The waiting room. The patient: when the doctor joins (in the patient's zone, the zone named),
 * the doctor's name, the live state; after the slot time «the doctor is told». The doctor: whether
 * the patient is here (live), and «Начать консультацию», which admits them.
 */
@Component({
  selector: 'ob-waiting-room',
  imports: [MatButton, MatCard, MatCardContent, MatIcon, MatProgressBar, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined"><mat-card-content class="room" data-testid="waiting-room">
      <h2>{{ 'video.waiting.title' | t }}</h2>
      @if (role() === 'patient') {
        <p class="time" data-testid="waiting-time">
          @if (startDay(); as date) {
            {{ 'video.waiting.doctorOn' | t: { date, time: startTime() } }}
          } @else {
            {{ 'video.waiting.doctorAt' | t: { time: startTime() } }}
          }
        </p>
        @if (doctorName(); as name) {<p data-testid="waiting-doctor">{{ 'video.waiting.doctor' | t: { name } }}</p>}
        <p class="state" role="status" data-testid="waiting-state">
          <mat-icon svgIcon="hourglass_empty" />{{ stateKey() | t }}
        </p>
        <mat-progress-bar mode="indeterminate" />
      } @else {
        <p class="time" data-testid="waiting-time">{{ 'video.waiting.slotAt' | t: { time: startText() } }}</p>
        <p class="state" role="status" data-testid="patient-presence" [class.here]="patientHere()">
          <mat-icon [svgIcon]="patientHere() ? 'check_circle' : 'hourglass_empty'" />{{ presenceKey() | t }}
        </p>
        <button mat-flat-button type="button" class="go" (click)="start.emit()" [disabled]="busy()" data-testid="start-call">
          <mat-icon svgIcon="videocam" />{{ 'video.waiting.start' | t }}
        </button>
      }
    </mat-card-content></mat-card>
  `,
  styles: `
    .room { display: grid; gap: 12px; }
    h2 { margin: 0; font: var(--mat-sys-title-large); }
    p { margin: 0; }
    .time { font: var(--mat-sys-title-medium); }
    .state { display: flex; gap: 8px; align-items: center; color: var(--mat-sys-on-surface-variant); }
    .state mat-icon { flex: none; }
    .state.here { color: var(--mat-sys-primary); font-weight: 500; }
    .go { min-height: 48px; justify-self: start; }
  `,
})
export class WaitingRoomComponent {
  readonly role = input.required<CallRole>();
  readonly slotStart = input.required<string>();
  readonly zone = input.required<string>();
  readonly language = input<Language>('ru');
  readonly doctorName = input<string | undefined>(undefined);
  /** The consultation was started by the doctor (the patient is being let in). */
  readonly started = input(false);
  readonly presence = input<CallPresence | null>(null);
  readonly now = input.required<number>();
  readonly busy = input(false);
  readonly start = output<void>();

  /** «10:00 (Владивосток, UTC+10)». */
  readonly startTime = computed(() => {
    const start = this.slotStart();
    const zone = this.zone();
    return `${formatTimeInZone(start, zone)} ${zoneLabel(zone, Date.parse(start), this.language())}`;
  });
  /** The slot's date in the zone when it is not today there («7 декабря 2026»), else null. */
  readonly startDay = computed(() => {
    const zone = this.zone();
    const day = formatDateInZone(this.slotStart(), zone, this.language());
    return day === formatDateInZone(new Date(this.now()).toISOString(), zone, this.language()) ? null : day;
  });
  /** «10:00 (Владивосток, UTC+10)», with the date when it is not today. */
  readonly startText = computed(() => {
    const day = this.startDay();
    return day === null ? this.startTime() : `${day}, ${this.startTime()}`;
  });

  readonly late = computed(() => this.now() > Date.parse(this.slotStart()));

  readonly stateKey = computed(() => (this.started() ? 'video.waiting.stateStarting' : this.late() ? 'video.waiting.late' : 'video.waiting.stateWaiting'));

  readonly patientHere = computed(() => {
    const state = this.presence()?.patient;
    return state === 'waiting' || state === 'in_call';
  });

  readonly presenceKey = computed(() =>
    this.patientHere() ? 'video.waiting.patientHere' : this.late() ? 'video.waiting.patientLate' : 'video.waiting.patientAbsent',
  );
}
