import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import {
  MAX_REASON_LENGTH,
  formatInZone,
  formatSlotInZone,
  formatTimeInZone,
  freeSlots,
  isNightForPatient,
  isValidTimeZone,
  zoneLabel,
  type Booking,
  type DoctorCalendar,
  type Slot,
} from '@oblako/domain';
import { TranslatePipe, TranslationService } from '@oblako/shell-kit';
import { dayInZone, shortDayLabel, type ZonedDay } from './days';

/** How far ahead the picker offers days. */
export const PICKER_DAYS = 14;

export interface PickedSlot {
  slot: Slot;
  /** Why the time moves (reschedule only); '' when none given. */
  reason: string;
}

interface PickerDay {
  day: ZonedDay;
  label: string;
  slots: Slot[];
}

/**
 * Free slots of the doctor's calendar for the next two weeks (their working hours, minus
 * bookings and the past), shown in the doctor's zone, with the chosen time also as the patient
 * will see it in theirs.
 */
@Component({
  selector: 'ob-slot-picker',
  imports: [FormsModule, MatButton, MatCheckbox, MatFormField, MatLabel, MatHint, MatInput, TranslatePipe],
  template: `
    <div class="days" role="tablist" [attr.aria-label]="'consultations.doctor.slots.days' | t">
      @for (entry of days(); track entry.day.key) {
        <button mat-stroked-button type="button" role="tab" class="day" [class.selected]="entry.day.key === selectedKey()"
          [disabled]="entry.slots.length === 0" [attr.aria-selected]="entry.day.key === selectedKey()"
          (click)="selectDay(entry.day.key)" data-testid="slot-day" [attr.data-day]="entry.day.key">
          <span>{{ entry.label }}</span>
          <span class="count" [attr.aria-label]="'consultations.doctor.slots.free' | t: { count: entry.slots.length }">&nbsp;· {{ entry.slots.length }}</span>
        </button>
      }
    </div>
    <p class="muted zone">{{ 'consultations.doctor.slots.zone' | t: { zone: zoneText() } }}</p>
    @if (otherZone()) {
      <p class="muted zone" data-testid="slots-patient-zone">{{ 'consultations.doctor.slots.patientZone' | t: { zone: patientZoneText() } }}</p>
    }
    @if (selectedSlots().length === 0) {
      <p class="muted" data-testid="no-slots">{{ 'consultations.doctor.slots.none' | t }}</p>
    } @else {
      <div class="slots">
        @for (slot of selectedSlots(); track slot.start) {
          <button mat-stroked-button type="button" class="slot" [class.selected]="slot.start === picked()?.start" [class.night]="night(slot)"
            (click)="pick(slot)" data-testid="slot" [attr.data-start]="slot.start" [attr.data-night]="night(slot) || null"
            [attr.aria-label]="slotLabel(slot)">
            <span class="slot__time">{{ timeOf(slot) }}</span>
            @if (otherZone()) {
              <span class="slot__patient" data-testid="slot-patient-local">
                @if (night(slot)) { <span aria-hidden="true">☾ </span> }{{ patientClock(slot) }}
              </span>
            }
          </button>
        }
      </div>
    }
    @if (picked(); as slot) {
      <div class="summary" data-testid="slot-summary">
        <div data-testid="slot-doctor-time">{{ 'consultations.doctor.slots.yours' | t: { time: doctorTime(slot) } }}</div>
        @if (patientTime(slot); as text) {
          <div data-testid="slot-patient-time">{{ 'consultations.doctor.slots.patient' | t: { time: text } }}</div>
        }
      </div>
      @if (night(slot)) {
        <div class="night-warning" role="alert" data-testid="slot-night-warning">
          <p>{{ 'consultations.doctor.slots.nightWarning' | t: { time: patientClock(slot) } }}</p>
          <mat-checkbox [checked]="nightAgreed()" (change)="nightAgreed.set($event.checked)" data-testid="slot-night-agreed">
            {{ 'consultations.doctor.slots.nightAgreed' | t }}
          </mat-checkbox>
        </div>
      }
    }
    @if (askReason()) {
      <mat-form-field appearance="outline" class="reason">
        <mat-label>{{ 'consultations.doctor.slots.reason' | t }}</mat-label>
        <textarea matInput rows="2" [maxlength]="maxReason" [(ngModel)]="reason" data-testid="reschedule-reason"></textarea>
        <mat-hint>{{ 'consultations.doctor.optional' | t }}</mat-hint>
      </mat-form-field>
    }
    <div class="actions">
      <button mat-flat-button type="button" [disabled]="!canConfirm() || busy()" (click)="confirm()" data-testid="schedule-confirm">
        {{ (askReason() ? 'consultations.doctor.slots.confirmReschedule' : 'consultations.doctor.slots.confirm') | t }}
      </button>
      <button mat-button type="button" (click)="cancelled.emit()" data-testid="schedule-cancel">{{ 'consultations.doctor.close' | t }}</button>
    </div>
  `,
  styles: `
    :host { display: grid; gap: 12px; }
    .days { display: flex; gap: 8px; overflow-x: auto; padding-bottom: 4px; }
    .day { flex: 0 0 auto; display: inline-flex; gap: 6px; }
    .count { margin-left: 8px; padding: 0 6px; border-radius: 8px; background: var(--mat-sys-surface-container-high); font-size: 0.8rem; }
    .selected { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    .slots { display: grid; grid-template-columns: repeat(auto-fill, minmax(104px, 1fr)); gap: 8px; }
    .slot { min-height: 48px; height: auto; padding-block: 6px; }
    .slot ::ng-deep .mdc-button__label { display: grid; justify-items: center; line-height: 1.25; }
    .slot__patient { font: var(--mat-sys-label-small); color: var(--mat-sys-on-surface-variant); }
    .slot.night { border-color: var(--mat-sys-tertiary); }
    .slot.night .slot__patient { color: var(--mat-sys-tertiary); font-weight: 600; }
    .night-warning { padding: 12px; border-radius: 8px; background: var(--mat-sys-tertiary-container); color: var(--mat-sys-on-tertiary-container); }
    .night-warning p { margin: 0 0 4px; }
    .muted { color: var(--mat-sys-on-surface-variant); margin: 0; }
    .summary { padding: 12px; border-radius: 8px; background: var(--mat-sys-surface-container); display: grid; gap: 4px; }
    .reason { width: 100%; }
    .actions { display: flex; gap: 8px; flex-wrap: wrap; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SlotPickerComponent {
  private readonly i18n = inject(TranslationService);
  readonly calendar = input.required<DoctorCalendar>();
  /** The doctor's bookings except this consultation's own. */
  readonly bookings = input<readonly Booking[]>([]);
  /** The patient's IANA zone ('' when unknown: no second line). */
  readonly patientZone = input('');
  /** A reschedule asks for an optional reason. */
  readonly askReason = input(false);
  readonly busy = input(false);
  readonly chosen = output<PickedSlot>();
  readonly cancelled = output<void>();

  readonly maxReason = MAX_REASON_LENGTH;
  reason = '';
  private readonly now = signal(Date.now());

  readonly days = computed<PickerDay[]>(() => {
    const calendar = this.calendar();
    const language = this.i18n.language();
    const now = this.now();
    return Array.from({ length: PICKER_DAYS }, (_unused, index) => {
      const day = dayInZone(calendar.timeZone, index, now);
      const slots = freeSlots(calendar, this.bookings(), new Date(day.startMs).toISOString(), new Date(day.endMs).toISOString(), new Date(now).toISOString());
      return { day, label: shortDayLabel(day, calendar.timeZone, language), slots };
    });
  });
  readonly selectedKey = linkedSignal(() => this.days().find((entry) => entry.slots.length > 0)?.day.key ?? null);
  readonly selectedSlots = computed(() => this.days().find((entry) => entry.day.key === this.selectedKey())?.slots ?? []);
  readonly picked = linkedSignal<Slot[], Slot | null>({
    source: this.selectedSlots,
    computation: (slots, previous) => (previous?.value && slots.some((slot) => slot.start === previous.value!.start) ? previous.value : null),
  });
  readonly zoneText = computed(() => zoneLabel(this.calendar().timeZone, this.now(), this.i18n.language()));

  /** The patient lives in another zone than the doctor: their clock is shown beside every slot. */
  readonly otherZone = computed(() => {
    const zone = this.patientZone();
    return !!zone && isValidTimeZone(zone) && zone !== this.calendar().timeZone;
  });
  readonly patientZoneText = computed(() => (this.otherZone() ? zoneLabel(this.patientZone(), this.now(), this.i18n.language()) : ''));
  /** A night slot is booked only once the doctor confirms it was agreed with the patient. */
  readonly nightAgreed = signal(false);
  readonly canConfirm = computed(() => {
    const slot = this.picked();
    return !!slot && (!this.night(slot) || this.nightAgreed());
  });

  night(slot: Slot): boolean {
    const zone = this.patientZone();
    return !!zone && isValidTimeZone(zone) && isNightForPatient(slot, zone);
  }

  pick(slot: Slot): void {
    this.picked.set(slot);
    this.nightAgreed.set(false);
  }

  patientClock(slot: Slot): string {
    return formatTimeInZone(slot.start, this.patientZone());
  }

  slotLabel(slot: Slot): string {
    const own = this.timeOf(slot);
    if (!this.otherZone()) return own;
    const key = this.night(slot) ? 'consultations.doctor.slots.ariaNight' : 'consultations.doctor.slots.aria';
    return this.i18n.t(key, { time: own, patient: this.patientClock(slot) });
  }

  selectDay(key: string): void {
    this.selectedKey.set(key);
  }

  timeOf(slot: Slot): string {
    return formatTimeInZone(slot.start, this.calendar().timeZone);
  }

  doctorTime(slot: Slot): string {
    return formatSlotInZone(slot, this.calendar().timeZone, this.i18n.language());
  }

  patientTime(slot: Slot): string {
    const zone = this.patientZone();
    return zone && isValidTimeZone(zone) ? formatInZone(slot.start, zone, this.i18n.language()) : '';
  }

  confirm(): void {
    const slot = this.picked();
    if (slot && this.canConfirm()) this.chosen.emit({ slot, reason: this.reason.trim() });
  }
}
