import { FormControl, FormGroup, type AbstractControl, type ValidationErrors, type ValidatorFn } from '@angular/forms';
import { RUSSIAN_TIME_ZONES, isRussianTimeZone } from '@oblako/domain';
import { validateRegistration, type RegistrationDetails } from '../validate';
import { createNewPasswordGroup, type NewPasswordGroup } from './new-password-fields.component';

export const DETAILS_FIELDS = ['fullName', 'birthDate', 'region', 'timeZone'] as const;
export type DetailsField = (typeof DETAILS_FIELDS)[number];

export type DetailsForm = FormGroup<{
  fullName: FormControl<string>;
  birthDate: FormControl<string>;
  region: FormControl<string>;
  timeZone: FormControl<string>;
  password: NewPasswordGroup;
}>;

/** The module's own rules (the server runs the same), one field's issue as its i18n key. */
function detailsValidator(field: DetailsField): ValidatorFn {
  return (control: AbstractControl): ValidationErrors | null => {
    const form = control.parent as DetailsForm | null;
    if (!form) return null;
    const details: RegistrationDetails = {
      fullName: form.controls.fullName.value,
      birthDate: form.controls.birthDate.value,
      region: form.controls.region.value,
      timeZone: form.controls.timeZone.value,
      [field]: control.value as string,
    };
    // An empty date is missing, not impossible: say so.
    if (field === 'birthDate' && !details.birthDate) return { registration: 'registration.error.birthDate.required' };
    const issue = validateRegistration(details).find((i) => i.field === field);
    return issue ? { registration: `registration.error.${issue.field}.${issue.code}` } : null;
  };
}

/**
 * The device's zone (most people register where they live): itself when listed, else the
 * listed zone with the same offset (Novosibirsk → Krasnoyarsk, МСК+4), else Moscow.
 */
export function defaultTimeZone(now = new Date()): string {
  const deviceZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (isRussianTimeZone(deviceZone)) return deviceZone;
  const minutes = -now.getTimezoneOffset();
  const offset = `${minutes < 0 ? '-' : '+'}${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0')}:${String(Math.abs(minutes) % 60).padStart(2, '0')}`;
  return RUSSIAN_TIME_ZONES.find((zone) => zone.utcOffset === offset)?.id ?? 'Europe/Moscow';
}

export function createDetailsForm(): DetailsForm {
  const control = (field: DetailsField, value = '') => new FormControl(value, { nonNullable: true, validators: [detailsValidator(field)] });
  return new FormGroup({
    fullName: control('fullName'),
    birthDate: control('birthDate'),
    region: control('region'),
    timeZone: control('timeZone', defaultTimeZone()),
    password: createNewPasswordGroup(),
  });
}

/** «Фамилия Имя Отчество» as stored: single spaces, trimmed. */
export function tidyName(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

export function timeZoneLabel(id: string, language: string): string {
  const zone = RUSSIAN_TIME_ZONES.find((z) => z.id === id);
  if (!zone) return id;
  return `${language === 'en' ? zone.en : zone.ru}, UTC${zone.utcOffset}`;
}
