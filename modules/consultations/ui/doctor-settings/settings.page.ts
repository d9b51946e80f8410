import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect, MatSelectTrigger } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Store } from '@ngrx/store';
import {
  RUSSIAN_TIME_ZONES,
  WEEKDAYS,
  bookingsOf,
  formatSlotInZone,
  freeSlots,
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
  endFromInput,
  issueMessage,
  newIntervalKey,
  settingsId,
  settingsOf,
  timeFromPicker,
  zoneChoices,
  type SettingsDraft,
} from './settings-form';
import { DaysOffPanel } from './days-off.panel';
import { SlotPreviewPanel } from './slot-preview.panel';
import { WeeklyHoursPanel, type IntervalTimeChange } from './weekly-hours.panel';

const PREVIEW_DAYS = 14;
const PREVIEW_COUNT = 5;
const DAY_MS = 86_400_000;

/**
 * «Календарь»: the doctor's own working hours (per weekday, in their zone), consultation length,
 * days off and specialties, checked by the same rules the server applies, saved to the device
 * first (works offline), with a preview of the next free slots around their booked consultations.
 * The page holds the draft and its rules; the panels (weekly hours, days off, preview) show it.
 */
@Component({
  selector: 'ob-doctor-settings-page',
  imports: [
    MatButton, MatButtonToggleGroup, MatButtonToggle, MatFormField, MatLabel, MatHint, MatInput, MatSelect, MatSelectTrigger, MatOption, MatIcon, TranslatePipe,
    WeeklyHoursPanel, DaysOffPanel, SlotPreviewPanel,
  ],
  templateUrl: './settings.page.html',
  styleUrls: ['./settings-panels.css', './settings.page.css'],
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

  private readonly stored = toSignal(
    toObservable(this.user).pipe(
      switchMap((user) => (user ? this.data.doc$<DoctorSettings>(DOCTOR_SETTINGS_COLLECTION, settingsId(user.id)) : of(null))),
      catchError(() => of(null)),
    ),
    { initialValue: null },
  );

  /** The stored calendar is in the draft on screen (not the defaults of a doctor who has none yet). */
  readonly storedShown = signal(false);

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
    // The stored calendar (also when another device changes it), unless the doctor has changed
    // anything since the last save: a draft being edited is never replaced. Rows keep their keys.
    const subscription = toObservable(this.stored).subscribe((stored) => {
      if (stored && !this.dirty()) {
        this.draft.update((shown) => draftOf(stored, shown));
        this.storedShown.set(true);
      }
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

  /** Messages for a field other than a weekday (null when it is fine). */
  fieldError(field: 'timeZone' | 'slotMinutes' | 'daysOff'): string | null {
    const issue = this.issues().find((candidate) => candidate.field === field);
    return issue ? this.message(issue) : null;
  }

  /** Each weekday's problems, once each, in the doctor's language. */
  readonly dayErrors = computed(
    () =>
      Object.fromEntries(
        WEEKDAYS.map((day) => [day, [...new Set(this.issues().filter((issue) => issue.field === `week.${day}`).map((issue) => this.message(issue)))]]),
      ) as Record<Weekday, string[]>,
  );

  setZone(zone: string): void {
    this.edit((draft) => ({ ...draft, timeZone: zone }));
  }

  setSlot(value: string | number): void {
    const minutes = typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value);
    this.edit((draft) => ({ ...draft, slotMinutes: minutes }));
  }

  setTime({ day, key, edge, value }: IntervalTimeChange): void {
    const typed = timeFromPicker(value);
    const time = edge === 'end' ? endFromInput(typed) : typed;
    if (this.draft().week[day].find((interval) => interval.key === key)?.[edge] === time) return;
    this.edit((draft) => ({
      ...draft,
      week: { ...draft.week, [day]: draft.week[day].map((interval) => (interval.key === key ? { ...interval, [edge]: time } : interval)) },
    }));
  }

  /** A new interval after the day's last one (a lunch break: 09:00–13:00, then 14:00–18:00). */
  addInterval(day: Weekday): void {
    this.edit((draft) => {
      const intervals = draft.week[day];
      const last = intervals.at(-1);
      const next = last ? nextInterval(last.end) : { start: '09:00', end: '18:00' };
      return { ...draft, week: { ...draft.week, [day]: [...intervals, { ...next, key: newIntervalKey() }] } };
    });
  }

  removeInterval(day: Weekday, key: number): void {
    this.edit((draft) => ({ ...draft, week: { ...draft.week, [day]: draft.week[day].filter((interval) => interval.key !== key) } }));
  }

  copyMonday(): void {
    this.edit((draft) => {
      const monday = draft.week.mon;
      const week = { ...draft.week };
      for (const day of WORKDAYS) week[day] = monday.map((interval, index) => (day === 'mon' ? interval : { ...interval, key: draft.week[day][index]?.key ?? newIntervalKey() }));
      return { ...draft, week };
    });
  }

  addDayOff(date: string): void {
    this.edit((draft) => ({ ...draft, daysOff: [...new Set([...draft.daysOff, date])].sort() }));
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
