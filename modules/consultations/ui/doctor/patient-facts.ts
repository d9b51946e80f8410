import { inject } from '@angular/core';
import { DataService, TranslationService } from '@oblako/shell-kit';
import { catchError, map, of, type Observable } from 'rxjs';

/**
 * What the doctor's pages show of a patient, from the profile module's replicated `profiles`
 * (id `<patientId>:profile`) read through the shell's DataService — never the module's code —
 * so the pages work offline and still work, without names, when profiles are absent.
 */
export interface PatientFacts {
  patientId: string;
  fullName: string;
  /** YYYY-MM-DD or ''. */
  birthDate: string;
  region: string;
  /** IANA zone or ''. */
  timeZone: string;
}

export const PROFILES_COLLECTION = 'profiles';
export const profileIdOf = (patientId: string): string => `${patientId}:profile`;

export function patientProfiles$(): Observable<ReadonlyMap<string, PatientFacts>> {
  return inject(DataService)
    .find$<PatientFacts>(PROFILES_COLLECTION)
    .pipe(
      map((profiles) => new Map(profiles.map((profile) => [profile.patientId, profile] as const))),
      catchError(() => of(new Map<string, PatientFacts>())),
    );
}

/** Whole years from a `YYYY-MM-DD` birth date to `now`; null when unknown. */
export function ageOf(birthDate: string, now: Date = new Date()): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  let age = now.getFullYear() - year;
  if (now.getMonth() + 1 < month || (now.getMonth() + 1 === month && now.getDate() < day)) age -= 1;
  return age >= 0 && age < 150 ? age : null;
}

/** «45 лет» / «45 years», or '' when unknown. */
export function ageText(i18n: TranslationService, birthDate: string): string {
  const age = ageOf(birthDate);
  return age === null ? '' : i18n.plural('consultations.doctor.age', age);
}

/** «ждёт 3 дня» / «ждёт 5 часов» / «waiting 3 days». */
export function waitedText(i18n: TranslationService, waitedMs: number): string {
  const hours = Math.floor(Math.max(0, waitedMs) / 3_600_000);
  if (hours === 0) return i18n.t('consultations.doctor.waitedLessThanHour');
  if (hours < 24) return i18n.plural('consultations.doctor.waitedHours', hours);
  return i18n.plural('consultations.doctor.waitedDays', Math.floor(hours / 24));
}

/** A document type's name («МРТ»), or the code itself for a type this module does not know. */
export function documentTypeLabel(i18n: TranslationService, type: string): string {
  const key = `consultations.doctor.docType.${type}`;
  return i18n.has(key) ? i18n.t(key) : type;
}

/** Verified documents by type as «Заключение лечащего врача: 1 · МРТ: 2». */
export function documentCountsText(i18n: TranslationService, counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .filter(([, count]) => count > 0)
    .map(([type, count]) => `${documentTypeLabel(i18n, type)}: ${count}`)
    .join(' · ');
}
