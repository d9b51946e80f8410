import { InjectionToken } from '@angular/core';

/**
 * The device clock the consultation rules run on (ConsultationActions). A token, so tests can
 * pin «now» next to fixtures with fixed dates instead of breaking once the calendar passes them.
 */
export const CONSULTATION_CLOCK = new InjectionToken<() => Date>('consultation clock', {
  providedIn: 'root',
  factory: () => () => new Date(),
});
