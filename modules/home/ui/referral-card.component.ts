import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { formatDateInZone } from '@oblako/domain';
import { TranslatePipe, TranslationService } from '@oblako/shell-kit';
import type { Referral } from '../../admin/index';

/**
 * The referral the regional doctor sent (imported by the manager), as the patient's own device
 * holds it: diagnosis, ICD-10, who referred, the attending doctor and the consultation profile.
 */
@Component({
  selector: 'ob-home-referral-card',
  imports: [MatIcon, TranslatePipe],
  template: `
    @let r = referral();
    <section class="referral" data-testid="home-referral" [attr.aria-label]="'home.referral.title' | t">
      <h2 class="referral__title"><mat-icon svgIcon="assignment" />{{ 'home.referral.title' | t }}</h2>
      <dl>
        <div><dt>{{ 'home.referral.diagnosis' | t }}</dt><dd data-testid="referral-diagnosis">{{ r.diagnosis || ('home.referral.none' | t) }}</dd></div>
        <div><dt>{{ 'home.referral.icd10' | t }}</dt><dd data-testid="referral-icd10">{{ r.icd10 || ('home.referral.none' | t) }}</dd></div>
        <div><dt>{{ 'home.referral.organization' | t }}</dt><dd data-testid="referral-organization">{{ r.referringOrganization || ('home.referral.none' | t) }}</dd></div>
        <div><dt>{{ 'home.referral.attendingDoctor' | t }}</dt><dd data-testid="referral-attending">{{ r.attendingDoctor || ('home.referral.none' | t) }}</dd></div>
        <div><dt>{{ 'home.referral.profile' | t }}</dt><dd data-testid="referral-profile">{{ r.consultationProfile || ('home.referral.none' | t) }}</dd></div>
        <div><dt>{{ 'home.referral.date' | t }}</dt><dd>{{ date(r.importedAt) }}</dd></div>
      </dl>
    </section>
  `,
  styles: `
    .referral { border-radius: 12px; border: 1px solid var(--mat-sys-outline-variant); background: var(--mat-sys-surface); padding: 12px 16px; }
    .referral__title { display: flex; gap: 8px; align-items: center; margin: 0 0 8px; font: var(--mat-sys-title-medium); }
    .referral__title mat-icon { flex: none; color: var(--mat-sys-primary); }
    dl { margin: 0; display: grid; gap: 8px; }
    dl > div { display: grid; grid-template-columns: minmax(0, 1fr); gap: 2px; }
    @media (min-width: 600px) { dl > div { grid-template-columns: 220px minmax(0, 1fr); gap: 12px; } }
    dt { font: var(--mat-sys-label-large); color: var(--mat-sys-on-surface-variant); }
    dd { margin: 0; font: var(--mat-sys-body-large); overflow-wrap: anywhere; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReferralCardComponent {
  private readonly i18n = inject(TranslationService);
  readonly referral = input.required<Referral>();
  readonly zone = input.required<string>();

  date(iso: string): string {
    return formatDateInZone(iso, this.zone(), this.i18n.language());
  }
}
