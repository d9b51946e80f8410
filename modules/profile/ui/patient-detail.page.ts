import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { docId, formatPhone } from '@oblako/domain';
import { DataService, TranslatePipe, TranslationService } from '@oblako/shell-kit';
import { switchMap } from 'rxjs';
import { PROFILE_LOCAL_ID, type PatientProfile } from '../index';
import { formatBirthDate } from './patients-list.page';
import { timeZoneLabel } from './profile-form';

/** A patient's profile as their doctor (or a manager) sees it: read only. */
@Component({
  selector: 'ob-patient-detail',
  imports: [MatButton, MatIcon, RouterLink, TranslatePipe],
  template: `
    <a mat-button routerLink="/profile/patients"><mat-icon svgIcon="arrow_back" />{{ 'common.back' | t }}</a>
    @if (profile(); as p) {
      <h1 class="page-title">{{ p.fullName || ('common.notSet' | t) }}</h1>
      <p class="read-only">{{ 'profile.readOnly' | t }}</p>
      <dl class="fields" data-testid="patient-profile">
        @for (row of rows(); track row.label) {
          <div class="field">
            <dt>{{ row.label | t }}</dt>
            <dd>{{ row.value || ('common.notSet' | t) }}</dd>
          </div>
        }
      </dl>
    } @else if (profile() === null) {
      <p>{{ 'page.notFound' | t }}</p>
    } @else {
      <p>{{ 'common.loading' | t }}</p>
    }
  `,
  styles: `
    .read-only { display: inline-block; margin: 0 0 12px; padding: 4px 10px; border-radius: 8px; background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); font: var(--mat-sys-label-large); }
    .fields { display: grid; gap: 0; margin: 0; border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; background: var(--mat-sys-surface-container-lowest); }
    .field { padding: 12px 16px; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .field:last-child { border-bottom: 0; }
    dt { font: var(--mat-sys-label-large); color: var(--mat-sys-on-surface-variant); }
    dd { margin: 2px 0 0; font: var(--mat-sys-body-large); overflow-wrap: anywhere; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientDetailPage {
  private readonly data = inject(DataService);
  private readonly i18n = inject(TranslationService);
  /** From the route (`patients/:patientId`), bound by the router. */
  readonly patientId = input.required<string>();

  readonly profile = toSignal(
    toObservable(this.patientId).pipe(switchMap((id) => this.data.doc$<PatientProfile>('profiles', docId(id, PROFILE_LOCAL_ID)))),
  );

  readonly rows = computed(() => {
    const p = this.profile();
    if (!p) return [];
    return [
      { label: 'profile.fullName', value: p.fullName },
      { label: 'profile.birthDate', value: formatBirthDate(p.birthDate) },
      { label: 'profile.region', value: p.region },
      { label: 'profile.timeZone', value: p.timeZone ? timeZoneLabel(p.timeZone, this.i18n.language()) : '' },
      { label: 'profile.contactPhone', value: p.contactPhone ? formatPhone(p.contactPhone) : '' },
    ];
  });
}
