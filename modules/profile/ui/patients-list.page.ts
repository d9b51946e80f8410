import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatIcon } from '@angular/material/icon';
import { MatListItem, MatListItemIcon, MatListItemLine, MatListItemTitle, MatNavList } from '@angular/material/list';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { DataService, TranslatePipe, selectUser } from '@oblako/shell-kit';
import { filter, map, switchMap } from 'rxjs';
import type { PatientProfile } from '../index';

/**
 * Profiles a doctor or manager may read: the device only ever holds what the server let it
 * replicate (a doctor's assigned patients, everybody for a manager), so the list is simply
 * every profile on the device except one's own.
 */
@Component({
  selector: 'ob-patients-list',
  imports: [MatNavList, MatListItem, MatListItemTitle, MatListItemLine, MatListItemIcon, MatIcon, RouterLink, TranslatePipe],
  template: `
    <h1 class="page-title">{{ 'profile.patients' | t }}</h1>
    @if (profiles() === undefined) {
      <p>{{ 'common.loading' | t }}</p>
    } @else if (sorted().length === 0) {
      <p class="empty" data-testid="no-patients">{{ 'profile.noPatients' | t }}</p>
    } @else {
      <mat-nav-list class="list" [attr.aria-label]="'profile.patients' | t">
        @for (profile of sorted(); track profile.id) {
          <a mat-list-item [routerLink]="['/profile/patients', profile.patientId]" data-testid="patient-row">
            <mat-icon matListItemIcon svgIcon="person" />
            <span matListItemTitle>{{ profile.fullName || ('common.notSet' | t) }}</span>
            <span matListItemLine>{{ summary(profile) }}</span>
          </a>
        }
      </mat-nav-list>
    }
  `,
  styles: `
    .list { border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; padding: 0; background: var(--mat-sys-surface-container-lowest); }
    .empty { color: var(--mat-sys-on-surface-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientsListPage {
  private readonly data = inject(DataService);
  private readonly user = inject(Store).selectSignal(selectUser);

  readonly profiles = toSignal(
    toObservable(this.user).pipe(
      filter((user) => user !== null),
      switchMap((user) => this.data.find$<PatientProfile>('profiles').pipe(map((all) => all.filter((p) => p.patientId !== user.id)))),
    ),
  );
  readonly sorted = computed(() => [...(this.profiles() ?? [])].sort((a, b) => a.fullName.localeCompare(b.fullName, 'ru')));

  summary(profile: PatientProfile): string {
    return [formatBirthDate(profile.birthDate), profile.region].filter(Boolean).join(' · ');
  }
}

export function formatBirthDate(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value.split('-').reverse().join('.') : value;
}
