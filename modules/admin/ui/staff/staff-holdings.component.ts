import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@oblako/shell-kit';
import type { StaffHoldings } from '../../staff-api';

/**
 * What a deactivated doctor still holds — patients whose records they may see and unfinished
 * consultations — with the way to «Пациенты по этапам», where each is reassigned: nothing is
 * left to a doctor who can no longer sign in without the manager seeing it.
 */
@Component({
  selector: 'ob-staff-holdings',
  imports: [MatButton, RouterLink, TranslatePipe],
  template: `
    <section class="holdings" role="region" [attr.aria-label]="'admin.staff.holdings.title' | t: { name: name() }" data-testid="staff-holdings">
      <h2 class="title">{{ 'admin.staff.holdings.title' | t: { name: name() } }}</h2>
      @if (holdings().patients.length === 0 && holdings().consultations.length === 0) {
        <p>{{ 'admin.staff.holdings.nothing' | t }}</p>
      } @else {
        @if (holdings().consultations.length > 0) {
          <p class="count">{{ 'admin.staff.holdings.consultations' | t: { count: holdings().consultations.length } }}</p>
          <ul>
            @for (held of holdings().consultations; track held.consultationId) {
              <li data-testid="held-consultation">{{ held.patientName }} — {{ statusText(held.status) | t }}</li>
            }
          </ul>
        }
        @if (holdings().patients.length > 0) {
          <p class="count">{{ 'admin.staff.holdings.patients' | t: { count: holdings().patients.length } }}</p>
          <ul>
            @for (patient of holdings().patients; track patient.patientId) {
              <li data-testid="held-patient">{{ patient.patientName }}</li>
            }
          </ul>
        }
        <a mat-flat-button routerLink="/consultations/stages" data-testid="reassign-link">{{ 'admin.staff.holdings.reassign' | t }}</a>
      }
      <button mat-button type="button" (click)="closed.emit()">{{ 'admin.staff.holdings.close' | t }}</button>
    </section>
  `,
  styles: `
    .holdings { margin: 0 0 16px; padding: 16px; border-radius: 12px; background: #fff4dc; color: #3b2a00; border: 1px solid #e9c46a; }
    .title { margin: 0 0 8px; font: var(--mat-sys-title-medium); }
    .count { margin: 8px 0 4px; font: var(--mat-sys-label-large); }
    ul { margin: 0 0 8px; padding-left: 20px; }
    a, button { min-height: 44px; margin-top: 8px; margin-right: 8px; }
    a { height: auto; padding-block: 8px; white-space: normal; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StaffHoldingsComponent {
  readonly name = input.required<string>();
  readonly holdings = input.required<StaffHoldings>();
  readonly closed = output<void>();

  statusText(status: string): string {
    return `admin.staff.status.${status}`;
  }
}
