import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { formatInZone, specialtyLabel, timeZoneName } from '@oblako/domain';
import { TranslatePipe, TranslationService } from '@oblako/shell-kit';
import type { StaffAuditEntry } from '../../staff-api';

/** «Журнал изменений»: who changed which staff account and when, newest first, in the reader's zone (named). */
@Component({
  selector: 'ob-staff-audit',
  imports: [TranslatePipe],
  template: `
    <h2 class="title">{{ 'admin.staff.audit.title' | t }}</h2>
    <p class="zone">{{ 'admin.staff.audit.zone' | t: { zone: zoneName() } }}</p>
    @if (entries().length === 0) {
      <p class="empty">{{ 'admin.staff.audit.none' | t }}</p>
    }
    <ol class="entries">
      @for (entry of lines(); track $index) {
        <li data-testid="staff-audit-entry"><span class="when">{{ entry.when }}</span> {{ entry.text }}</li>
      }
    </ol>
  `,
  styles: `
    :host { display: block; margin-top: 24px; }
    .title { margin: 0; font: var(--mat-sys-title-medium); }
    .zone, .empty { margin: 4px 0 8px; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .entries { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
    .entries li { font: var(--mat-sys-body-medium); overflow-wrap: anywhere; }
    .when { color: var(--mat-sys-on-surface-variant); margin-right: 6px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StaffAuditComponent {
  private readonly i18n = inject(TranslationService);
  readonly entries = input.required<StaffAuditEntry[]>();
  private readonly zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  readonly zoneName = computed(() => timeZoneName(this.zone, this.i18n.language()));
  readonly lines = computed(() => {
    const language = this.i18n.language();
    return this.entries().map((entry) => ({
      when: formatInZone(entry.at, this.zone, language),
      text: this.i18n.t(`admin.staff.audit.${entry.action}`, {
        actor: entry.actor.id === 'cli' ? this.i18n.t('admin.staff.audit.cli') : entry.actor.name,
        staff: entry.staff.name,
        role: this.i18n.t(`admin.staff.role.${entry.staff.role}`).toLowerCase(),
        to: Array.isArray(entry.details?.['to']) ? (entry.details['to'] as string[]).map((code) => specialtyLabel(code, language)).join(', ') : '',
      }),
    }));
  });
}
