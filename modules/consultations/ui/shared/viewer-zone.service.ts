import { Injectable, computed, inject, type Signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { Store } from '@ngrx/store';
import { isValidTimeZone } from '@oblako/domain';
import { DataService, selectUser } from '@oblako/shell-kit';
import { catchError, map, of, switchMap } from 'rxjs';
import { DOCTOR_SETTINGS_COLLECTION, DOCTOR_SETTINGS_LOCAL_ID } from '../../schema';

/** The zone of this browser, the last resort (and for managers). */
export function deviceTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/**
 * The time zone every time is shown in for the signed-in person: a patient's profile zone, a
 * doctor's calendar zone (doctor_settings), otherwise the device's. Read from the local
 * database, so it works offline and follows edits live.
 */
@Injectable({ providedIn: 'root' })
export class ViewerZone {
  private readonly data = inject(DataService);
  private readonly user = inject(Store).selectSignal(selectUser);

  private readonly stored = toSignal(
    toObservable(this.user).pipe(
      switchMap((user) => {
        if (!user) return of(null);
        const source =
          user.role === 'patient'
            ? this.data.doc$<{ timeZone?: string }>('profiles', `${user.id}:profile`)
            : user.role === 'doctor'
              ? this.data.doc$<{ timeZone?: string }>(DOCTOR_SETTINGS_COLLECTION, `${user.id}:${DOCTOR_SETTINGS_LOCAL_ID}`)
              : of(null);
        return source.pipe(
          map((doc) => doc?.timeZone ?? null),
          catchError(() => of(null)),
        );
      }),
    ),
    { initialValue: null },
  );

  /** IANA zone name. */
  readonly zone: Signal<string> = computed(() => {
    const stored = this.stored();
    return stored && isValidTimeZone(stored) ? stored : deviceTimeZone();
  });
}
