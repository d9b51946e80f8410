import { FormControl, FormGroup, type AbstractControl, type ValidationErrors, type ValidatorFn } from '@angular/forms';
import { RUSSIAN_TIME_ZONES, docId, formatPhone, isRussianTimeZone, normalizePhone } from '@oblako/domain';
import { PROFILE_LOCAL_ID, validateProfile, type PatientProfile } from '../index';

/** The profile fields a patient edits, in form order. */
export const PROFILE_FIELDS = ['fullName', 'birthDate', 'region', 'timeZone', 'contactPhone'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export type ProfileForm = FormGroup<Record<ProfileField, FormControl<string>>>;

export function profileId(patientId: string): string {
  return docId(patientId, PROFILE_LOCAL_ID);
}

/** The zone a new profile starts with: the device's own if it is a Russian zone, else Moscow. */
export function defaultTimeZone(): string {
  const deviceZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return isRussianTimeZone(deviceZone) ? deviceZone : 'Europe/Moscow';
}

/**
 * One validator per field that runs the module's own `validateProfile` (the very rules the
 * server applies) on the whole form, plus the phone check, and keeps that field's issue.
 * The error value is the i18n key of the message.
 */
function fieldValidator(field: ProfileField): ValidatorFn {
  return (control: AbstractControl): ValidationErrors | null => {
    const form = control.parent as ProfileForm | null;
    if (!form) return null;
    const values = { ...form.getRawValue(), [field]: control.value };
    if (field === 'contactPhone') {
      return values.contactPhone.trim() && !normalizePhone(values.contactPhone) ? { profile: 'profile.error.contactPhone.invalid' } : null;
    }
    const issue = validateProfile(values).find((i) => i.field === field);
    return issue ? { profile: `profile.error.${issue.field}.${issue.code}` } : null;
  };
}

export function createProfileForm(): ProfileForm {
  const control = (field: ProfileField, value = '') => new FormControl(value, { nonNullable: true, validators: [fieldValidator(field)] });
  return new FormGroup({
    fullName: control('fullName'),
    birthDate: control('birthDate'),
    region: control('region'),
    timeZone: control('timeZone', defaultTimeZone()),
    contactPhone: control('contactPhone'),
  });
}

/** How a stored value shows in the form. */
export function toFormValue(field: ProfileField, profile: PatientProfile): string {
  const value = profile[field] ?? '';
  return field === 'contactPhone' && value ? formatPhone(value) : value;
}

/** The document to save: the form's values, normalised as the server stores them. */
export function toProfile(patientId: string, values: Record<ProfileField, string>, now = new Date()): PatientProfile {
  return {
    id: profileId(patientId),
    patientId,
    fullName: values.fullName.trim().replace(/\s+/g, ' '),
    // A cleared date field holds null (the datepicker's «no date»): stored as no date, ''.
    birthDate: values.birthDate ?? '',
    region: values.region.trim(),
    timeZone: values.timeZone,
    contactPhone: values.contactPhone.trim() ? (normalizePhone(values.contactPhone) ?? '') : '',
    updatedAt: now.toISOString(),
  };
}

export function timeZoneLabel(id: string, language: string): string {
  const zone = RUSSIAN_TIME_ZONES.find((z) => z.id === id);
  if (!zone) return id;
  return `${language === 'en' ? zone.en : zone.ru}, UTC${zone.utcOffset}`;
}
