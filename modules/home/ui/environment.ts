import { InjectionToken } from '@angular/core';

/** The page's clock (the join window opens and closes with it); specs pin it. */
export const HOME_CLOCK = new InjectionToken<() => Date>('home clock', { providedIn: 'root', factory: () => () => new Date() });

/** The zone this device is set to (the time-zone question compares it with the profile's). */
export const DEVICE_TIME_ZONE = new InjectionToken<string>('device time zone', {
  providedIn: 'root',
  factory: () => {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    } catch {
      return 'UTC';
    }
  },
});
