import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Store } from '@ngrx/store';
import {
  RUSSIAN_TIME_ZONES,
  WEEKDAYS,
  bookingsOf,
  formatSlotInZone,
  freeSlots,
  parseCivilDate,
  timeZoneName,
  type Consultation,
  type FieldIssue,
  type Weekday,
} from '@oblako/domain';
import { DataService, TranslatePipe, TranslationService, selectUser } from '@oblako/shell-kit';
import { catchError, of, switchMap } from 'rxjs';
import { CONSULTATIONS_COLLECTION, DOCTOR_SETTINGS_COLLECTION, type DoctorSettings } from '../../schema';
import { validateDoctorSettings } from '../../rules';
import { SPECIALTIES, specialtyLabel } from '../../specialties';
import { deviceTimeZone } from '../shared/viewer-zone.service';
import { registerDoctorSettingsIcons } from './icons';
import {
  SLOT_CHOICES,
  WORKDAYS,
  defaultDraft,
  draftOf,
  endForInput,
  endFromInput,
  issueMessage,
  settingsId,
  settingsOf,
  zoneChoices,
  type SettingsDraft,
} from './settings-form';

const PREVIEW_DAYS = 14;
const PREVIEW_COUNT = 5;
const DAY_MS = 86_400_000;

/**
 * «Календарь»: the doctor's own working hours (per weekday, in their zone), consultation length,
 * days off and specialties, checked by the same rules the server applies, saved to the device
 * first (works offline), with a preview of the next free slots around their booked consultations.
 */
@Component({
  selector: 'ob-doctor-settings-page',
  imports: [
    MatButton, MatIconButton, MatButtonToggleGroup, MatButtonToggle, MatFormField, MatLabel, MatHint, MatInput, MatSelect, MatOption,
    MatIcon, TranslatePipe,
  ],
  template: `
    <h1 class="page-title">{{ 'consultations.settings.title' | t }}</h1>
    <p class="intro">{{ 'consultations.settings.intro' | t }}</p>
    @if (!user()) {
      <p class="problem" role="alert">{{ 'consultations.settings.error.noUser' | t }}</p>
    }
    <form class="layout" (submit)="$event.preventDefault(); save()" novalidate>
      <div class="main">
        <section class="section">
          <mat-form-field appearance="outline" class="zone">
            <mat-label>{{ 'consultations.settings.timeZone' | t }}</mat-label>
            <mat-select [value]="draft().timeZone" (valueChange)="setZone($event)" data-testid="settings-timezone">
              @for (zone of zones(); track zone) {
                <mat-option [value]="zone">{{ zoneLabel(zone) }}</mat-option>
              }
            </mat-select>
            <mat-hint>{{ 'consultations.settings.timeZoneHint' | t }}</mat-hint>
          </mat-form-field>
          @if (fieldError('timeZone'); as message) { <p class="field-error" role="alert">{{ message }}</p> }

          <div class="slot-line">
            <mat-form-field appearance="outline" class="slot">
              <mat-label>{{ 'consultations.settings.slotMinutes' | t }}</mat-label>
              <input matInput type="number" inputmode="numeric" min="10" max="240" step="5" [value]="draft().slotMinutes"
                (input)="setSlot($any($event.target).value)" data-testid="settings-slot" />
              <mat-hint>{{ 'consultations.settings.slotHint' | t }}</mat-hint>
            </mat-form-field>
            <mat-button-toggle-group [value]="draft().slotMinutes" (change)="setSlot($event.value)" [attr.aria-label]="'consultations.settings.slotMinutes' | t"
              hideSingleSelectionIndicator data-testid="settings-slot-choices">
              @for (minutes of slotChoices; track minutes) {
                <mat-button-toggle [value]="minutes">{{ minutes }}</mat-button-toggle>
              }
            </mat-button-toggle-group>
          </div>
          @if (fieldError('slotMinutes'); as message) { <p class="field-error" role="alert" data-testid="settings-slot-error">{{ message }}</p> }
        </section>

        <section class="section">
          <h2 class="section-title">{{ 'consultations.settings.week' | t }}</h2>
          @for (day of weekdays; track day) {
            <div class="day" [class.day--invalid]="dayErrors(day).length > 0" [attr.data-testid]="'day-' + day">
              <div class="day-head">
                <span class="day-name" [attr.title]="'consultations.settings.dayFull.' + day | t">{{ 'consultations.settings.day.' + day | t }}</span>
                @if (draft().week[day].length === 0) {
                  <span class="muted">{{ 'consultations.settings.dayOffWeekly' | t }}</span>
                }
              </div>
              <div class="intervals">
                @for (interval of draft().week[day]; track $index; let index = $index) {
                  <div class="interval">
                    <mat-form-field appearance="outline" subscriptSizing="dynamic" class="time">
                      <mat-label>{{ 'consultations.settings.from' | t }}</mat-label>
                      <input matInput type="time" step="300" [value]="interval.start" (change)="setTime(day, index, 'start', $any($event.target).value)"
                        (input)="setTime(day, index, 'start', $any($event.target).value)" data-testid="interval-start" [attr.data-day]="day" [attr.data-index]="index" />
                    </mat-form-field>
                    <span class="dash">–</span>
                    <mat-form-field appearance="outline" subscriptSizing="dynamic" class="time">
                      <mat-label>{{ 'consultations.settings.to' | t }}</mat-label>
                      <input matInput type="time" step="300" [value]="endShown(interval.end)" (change)="setTime(day, index, 'end', $any($event.target).value)"
                        (input)="setTime(day, index, 'end', $any($event.target).value)" data-testid="interval-end" [attr.data-day]="day" [attr.data-index]="index" />
                    </mat-form-field>
                    <button mat-icon-button type="button" (click)="removeInterval(day, index)" data-testid="remove-interval"
                      [attr.aria-label]="'consultations.settings.removeInterval' | t: { start: interval.start, end: interval.end }">
                      <mat-icon svgIcon="delete" />
                    </button>
                  </div>
                }
                <div class="day-actions">
                  <button mat-button type="button" (click)="addInterval(day)" [disabled]="draft().week[day].length >= maxIntervals" [attr.data-testid]="'add-interval-' + day">
                    <mat-icon svgIcon="add" />{{ 'consultations.settings.addInterval' | t }}
                  </button>
                  @if (day === 'mon') {
                    <button mat-button type="button" (click)="copyMonday()" data-testid="copy-monday">
                      <mat-icon svgIcon="content_copy" />{{ 'consultations.settings.copyMonday' | t }}
                    </button>
                  }
                </div>
              </div>
              @for (message of dayErrors(day); track $index) {
                <p class="field-error day-error" role="alert" data-testid="day-error">{{ message }}</p>
              }
            </div>
          }
        </section>

        <section class="section">
          <h2 class="section-title">{{ 'consultations.settings.daysOff' | t }}</h2>
          <div class="day-off-line">
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ 'consultations.settings.dayOffDate' | t }}</mat-label>
              <input matInput type="date" [value]="dayOffInput()" (input)="dayOffInput.set($any($event.target).value)" (change)="dayOffInput.set($any($event.target).value)"
                data-testid="dayoff-input" />
            </mat-form-field>
            <button mat-stroked-button type="button" (click)="addDayOff()" data-testid="dayoff-add">
              <mat-icon svgIcon="event_busy" />{{ 'consultations.settings.addDayOff' | t }}
            </button>
          </div>
          @if (dayOffError()) { <p class="field-error" role="alert">{{ 'consultations.settings.error.dayOffDate' | t }}</p> }
          @if (fieldError('daysOff'); as message) { <p class="field-error" role="alert">{{ message }}</p> }
          <ul class="days-off">
            @for (date of draft().daysOff; track date) {
              <li class="day-off" data-testid="dayoff-item" [attr.data-date]="date">
                <span>{{ dateLabel(date) }}</span>
                <button mat-icon-button type="button" (click)="removeDayOff(date)" [attr.aria-label]="'consultations.settings.removeDayOff' | t: { date: dateLabel(date) }">
                  <mat-icon svgIcon="close" />
                </button>
              </li>
            } @empty {
              <li class="muted">{{ 'consultations.settings.noDaysOff' | t }}</li>
            }
          </ul>
        </section>

        <section class="section">
          <mat-form-field appearance="outline" class="specialties">
            <mat-label>{{ 'consultations.settings.specialties' | t }}</mat-label>
            <mat-select multiple [value]="draft().specialties" (valueChange)="setSpecialties($event)" data-testid="settings-specialties">
              @for (code of specialtyChoices(); track code) {
                <mat-option [value]="code">{{ specialtyName(code) }}</mat-option>
              }
            </mat-select>
            <mat-hint>{{ 'consultations.settings.specialtiesHint' | t }}</mat-hint>
          </mat-form-field>
        </section>

        @if (submitted() && issues().length > 0) {
          <p class="problem" role="alert" data-testid="settings-errors">{{ 'consultations.settings.fixErrors' | t }}</p>
        }
        <div class="save-line">
          <button mat-flat-button type="submit" [disabled]="saving() || !user()" data-testid="settings-save">
            <mat-icon svgIcon="save" />{{ 'consultations.settings.save' | t }}
          </button>
          @if (dirty()) { <span class="muted" data-testid="settings-dirty">{{ 'consultations.settings.notSaved' | t }}</span> }
        </div>
      </div>

      <aside class="section preview" data-testid="settings-preview">
        <h2 class="section-title"><mat-icon svgIcon="schedule" />{{ 'consultations.settings.preview' | t }}</h2>
        <p class="muted">{{ 'consultations.settings.previewHint' | t }}</p>
        @if (issues().length > 0) {
          <p class="muted">{{ 'consultations.settings.previewInvalid' | t }}</p>
        } @else {
          <ol class="slots">
            @for (slot of preview(); track $index) {
              <li data-testid="preview-slot">{{ slot }}</li>
            } @empty {
              <li class="muted">{{ 'consultations.settings.previewNone' | t }}</li>
            }
          </ol>
        }
      </aside>
    </form>
  `,
  styles: `
    :host { display: block; }
    .intro { margin: 0 0 16px; font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); max-width: 720px; }
    .layout { display: grid; gap: 16px; grid-template-columns: minmax(0, 1fr); }
    @media (min-width: 1024px) { .layout { grid-template-columns: minmax(0, 1fr) 320px; align-items: start; } .preview { position: sticky; top: 16px; } }
    .main { display: grid; gap: 16px; }
    .section { display: grid; gap: 8px; padding: 16px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; background: var(--mat-sys-surface-container-lowest); }
    .section-title { display: flex; align-items: center; gap: 8px; margin: 0; font: var(--mat-sys-title-medium); }
    .zone, .specialties { width: 100%; max-width: 480px; }
    .slot-line { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: flex-start; }
    .slot { width: 220px; }
    mat-button-toggle-group { margin-top: 4px; }
    .day { display: grid; grid-template-columns: 48px minmax(0, 1fr); gap: 4px 8px; padding: 8px 0; border-top: 1px solid var(--mat-sys-outline-variant); }
    .day:first-of-type { border-top: none; }
    .day--invalid { background: color-mix(in srgb, var(--mat-sys-error-container) 40%, transparent); border-radius: 8px; }
    .day-head { display: grid; align-content: start; padding-top: 14px; }
    .day-name { font: var(--mat-sys-title-small); }
    .intervals { display: grid; gap: 8px; }
    .interval { display: flex; align-items: center; gap: 4px; flex-wrap: nowrap; }
    .time { width: 128px; }
    .dash { color: var(--mat-sys-on-surface-variant); }
    .day-actions { display: flex; flex-wrap: wrap; gap: 4px; }
    .day-error { grid-column: 1 / -1; }
    .day-off-line { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
    .days-off { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 8px; }
    .day-off { display: inline-flex; align-items: center; gap: 2px; padding-left: 12px; border-radius: 16px; background: var(--mat-sys-surface-container-high); }
    .slots { margin: 0; padding-left: 20px; display: grid; gap: 6px; font: var(--mat-sys-body-medium); }
    .save-line { display: flex; flex-wrap: wrap; align-items: center; gap: 12px; }
    button { min-height: 44px; }
    .muted { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); margin: 0; }
    .field-error { margin: 0; color: var(--mat-sys-error); font: var(--mat-sys-body-small); }
    .problem { margin: 0; padding: 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    @media (max-width: 719.98px) {
      .day { grid-template-columns: minmax(0, 1fr); }
      .day-head { grid-auto-flow: column; justify-content: start; gap: 12px; padding-top: 0; }
      .time { width: 118px; }
      .save-line button { width: 100%; }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DoctorSettingsPage {
  private readonly data = inject(DataService);
  private readonly i18n = inject(TranslationService);
  private readonly snackBar = inject(MatSnackBar);
  readonly user = inject(Store).selectSignal(selectUser);

  readonly weekdays = WEEKDAYS;
  readonly slotChoices = SLOT_CHOICES;
  readonly maxIntervals = 8;

  readonly draft = signal<SettingsDraft>(defaultDraft(deviceTimeZone()));
  readonly dirty = signal(false);
  readonly submitted = signal(false);
  readonly saving = signal(false);
  readonly dayOffInput = signal('');
  readonly dayOffError = signal(false);

  private readonly stored = toSignal(
    toObservable(this.user).pipe(
      switchMap((user) => (user ? this.data.doc$<DoctorSettings>(DOCTOR_SETTINGS_COLLECTION, settingsId(user.id)) : of(null))),
      catchError(() => of(null)),
    ),
    { initialValue: null },
  );

  /** The doctor's consultations on this device: their booked slots are not free. */
  private readonly consultations = toSignal(
    toObservable(this.user).pipe(
      switchMap((user) => (user ? this.data.find$<Consultation>(CONSULTATIONS_COLLECTION, { doctorId: user.id }) : of([]))),
      catchError(() => of([] as Consultation[])),
    ),
    { initialValue: [] as Consultation[] },
  );

  /** The document as it would be saved now, and what the rules say about it. */
  readonly candidate = computed(() => settingsOf(this.draft(), this.user()?.id ?? '', new Date()));
  readonly issues = computed<FieldIssue[]>(() => validateDoctorSettings(this.candidate() as unknown as Record<string, unknown>));

  readonly zones = computed(() => zoneChoices(this.draft().timeZone));
  readonly specialtyChoices = computed(() => {
    const codes = SPECIALTIES.map((specialty) => specialty.code);
    return [...codes, ...this.draft().specialties.filter((code) => !codes.includes(code))];
  });

  readonly preview = computed<string[]>(() => {
    if (this.issues().length > 0) return [];
    const calendar = this.candidate();
    const doctorId = this.user()?.id ?? '';
    const now = Date.now();
    const slots = freeSlots(calendar, bookingsOf(this.consultations(), doctorId), new Date(now).toISOString(), new Date(now + PREVIEW_DAYS * DAY_MS).toISOString(), new Date(now).toISOString());
    return slots.slice(0, PREVIEW_COUNT).map((slot) => formatSlotInZone(slot, calendar.timeZone, this.i18n.language()));
  });

  constructor() {
    registerDoctorSettingsIcons();
    // The stored calendar (also when another device changes it), unless the doctor is editing.
    const subscription = toObservable(this.stored).subscribe((stored) => {
      if (stored && !this.dirty()) this.draft.set(draftOf(stored));
    });
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  zoneLabel(zone: string): string {
    const known = RUSSIAN_TIME_ZONES.find((candidate) => candidate.id === zone);
    if (!known) return timeZoneName(zone, this.i18n.language());
    return `${this.i18n.language() === 'en' ? known.en : known.ru}, UTC${known.utcOffset}`;
  }

  specialtyName(code: string): string {
    return specialtyLabel(code, this.i18n.language());
  }

  endShown(end: string): string {
    return endForInput(end);
  }

  dateLabel(date: string): string {
    const civil = parseCivilDate(date);
    if (!civil) return date;
    return new Intl.DateTimeFormat(this.i18n.language(), { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      Date.UTC(civil.year, civil.month - 1, civil.day),
    );
  }

  /** Messages for a field other than a weekday (null when it is fine). */
  fieldError(field: 'timeZone' | 'slotMinutes' | 'daysOff'): string | null {
    const issue = this.issues().find((candidate) => candidate.field === field);
    return issue ? this.message(issue) : null;
  }

  dayErrors(day: Weekday): string[] {
    return [...new Set(this.issues().filter((issue) => issue.field === `week.${day}`).map((issue) => this.message(issue)))];
  }

  setZone(zone: string): void {
    this.edit((draft) => ({ ...draft, timeZone: zone }));
  }

  setSlot(value: string | number): void {
    const minutes = typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value);
    this.edit((draft) => ({ ...draft, slotMinutes: minutes }));
  }

  setTime(day: Weekday, index: number, edge: 'start' | 'end', value: string): void {
    const time = edge === 'end' ? endFromInput(value) : value;
    if (this.draft().week[day][index]?.[edge] === time) return;
    this.edit((draft) => ({
      ...draft,
      week: { ...draft.week, [day]: draft.week[day].map((interval, i) => (i === index ? { ...interval, [edge]: time } : interval)) },
    }));
  }

  /** A new interval after the day's last one (a lunch break: 09:00–13:00, then 14:00–18:00). */
  addInterval(day: Weekday): void {
    this.edit((draft) => {
      const intervals = draft.week[day];
      const last = intervals.at(-1);
      const next = last ? nextInterval(last.end) : { start: '09:00', end: '18:00' };
      return { ...draft, week: { ...draft.week, [day]: [...intervals, next] } };
    });
  }

  removeInterval(day: Weekday, index: number): void {
    this.edit((draft) => ({ ...draft, week: { ...draft.week, [day]: draft.week[day].filter((_interval, i) => i !== index) } }));
  }

  copyMonday(): void {
    this.edit((draft) => {
      const monday = draft.week.mon;
      const week = { ...draft.week };
      for (const day of WORKDAYS) week[day] = monday.map((interval) => ({ ...interval }));
      return { ...draft, week };
    });
  }

  addDayOff(): void {
    const date = this.dayOffInput().trim();
    if (!parseCivilDate(date)) {
      this.dayOffError.set(true);
      return;
    }
    this.dayOffError.set(false);
    this.edit((draft) => ({ ...draft, daysOff: [...new Set([...draft.daysOff, date])].sort() }));
    this.dayOffInput.set('');
  }

  removeDayOff(date: string): void {
    this.edit((draft) => ({ ...draft, daysOff: draft.daysOff.filter((other) => other !== date) }));
  }

  setSpecialties(codes: string[]): void {
    this.edit((draft) => ({ ...draft, specialties: [...codes] }));
  }

  async save(): Promise<void> {
    this.submitted.set(true);
    const user = this.user();
    if (!user || this.issues().length > 0) return;
    this.saving.set(true);
    try {
      const { savedOffline } = await this.data.save(DOCTOR_SETTINGS_COLLECTION, settingsOf(this.draft(), user.id, new Date()));
      this.dirty.set(false);
      this.submitted.set(false);
      this.snackBar.open(this.i18n.t(savedOffline ? 'consultations.settings.savedOffline' : 'consultations.settings.saved'), undefined, { duration: 4000 });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.snackBar.open(this.i18n.t('consultations.settings.saveFailed', { message }), undefined, { duration: 8000 });
    } finally {
      this.saving.set(false);
    }
  }

  private edit(change: (draft: SettingsDraft) => SettingsDraft): void {
    this.draft.update(change);
    this.dirty.set(true);
  }

  private message(issue: FieldIssue): string {
    const { key, day } = issueMessage(issue);
    return this.i18n.t(key, { day: day ? this.i18n.t(`consultations.settings.dayFull.${day}`) : '', field: issue.field });
  }
}

/** One hour after `end`, four hours long, cut at midnight. */
function nextInterval(end: string): { start: string; end: string } {
  const [hours = 0, minutes = 0] = end.split(':').map(Number);
  const startMinutes = Math.min(hours * 60 + minutes + 60, 23 * 60);
  const endMinutes = Math.min(startMinutes + 4 * 60, 24 * 60);
  const text = (total: number) => `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
  return { start: text(startMinutes), end: text(endMinutes) };
}
