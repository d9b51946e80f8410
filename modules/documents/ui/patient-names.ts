import { inject } from '@angular/core';
import { DataService } from '@oblako/shell-kit';
import { catchError, map, of, type Observable } from 'rxjs';

/**
 * Patients' names for the doctor's pages, from the profile module's replicated `profiles`
 * collection when it is registered (read through the shell's DataService, never the module's
 * code); without it the pages still work, without names.
 */
export function patientNames$(): Observable<ReadonlyMap<string, string>> {
  return inject(DataService)
    .find$<{ patientId: string; fullName?: string }>('profiles')
    .pipe(
      map((profiles) => new Map(profiles.flatMap((p) => (p.fullName ? [[p.patientId, p.fullName] as const] : [])))),
      catchError(() => of(new Map<string, string>())),
    );
}
