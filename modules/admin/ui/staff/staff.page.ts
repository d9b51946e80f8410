import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { formatPhone, specialtyLabel, timeZoneName } from '@oblako/domain';
import { Store } from '@ngrx/store';
import { ApiCallError, TranslatePipe, TranslationService, selectUser } from '@oblako/shell-kit';
import { askToConfirm } from '@oblako/shell-kit/confirm';
import { firstValueFrom } from 'rxjs';
import type { StaffAuditEntry, StaffHoldings, StaffMember } from '../../staff-api';
import { AdminApi } from '../admin-api';
import { SpecialtiesDialogComponent } from './specialties-dialog.component';
import { StaffAuditComponent } from './staff-audit.component';
import { StaffFormDialogComponent } from './staff-form-dialog.component';
import { StaffHoldingsComponent } from './staff-holdings.component';

const DIALOG = { width: '560px', maxWidth: 'calc(100vw - 32px)', autoFocus: 'first-tabbable' } as const;

/**
 * «Сотрудники»: every doctor and manager with their state, and the manager's actions — add,
 * change a doctor's specialties, reset a password, deactivate (then what the doctor still holds,
 * to reassign) — and the log of who changed what.
 */
@Component({
  selector: 'ob-staff-page',
  imports: [MatButton, MatIcon, MatProgressBar, TranslatePipe, StaffAuditComponent, StaffHoldingsComponent],
  templateUrl: './staff.page.html',
  styleUrl: './staff.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StaffPage {
  private readonly api = inject(AdminApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(TranslationService);
  /** The signed-in manager: their own row offers no «Отключить» (the server refuses it too). */
  readonly me = inject(Store).selectSignal(selectUser);

  readonly staff = signal<StaffMember[]>([]);
  readonly audit = signal<StaffAuditEntry[]>([]);
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  readonly busy = signal<string | null>(null);
  readonly holdings = signal<{ name: string; holdings: StaffHoldings } | null>(null);

  constructor() {
    void this.load();
  }

  phone(value: string): string {
    return formatPhone(value);
  }

  specialtiesText(member: StaffMember): string {
    return member.specialties.length > 0 ? member.specialties.map((code) => specialtyLabel(code, this.i18n.language())).join(', ') : this.i18n.t('admin.staff.noSpecialties');
  }

  zoneText(zone: string): string {
    return zone ? timeZoneName(zone, this.i18n.language()) : '';
  }

  stateKey(member: StaffMember): string {
    return member.disabled ? 'admin.staff.state.disabled' : member.activated ? 'admin.staff.state.active' : 'admin.staff.state.waiting';
  }

  async add(): Promise<void> {
    const member = await firstValueFrom(this.dialog.open<StaffFormDialogComponent, void, StaffMember>(StaffFormDialogComponent, DIALOG).afterClosed());
    if (!member) return;
    this.snackBar.open(this.i18n.t('admin.staff.added'), undefined, { duration: 5000 });
    await this.load();
  }

  async changeSpecialties(member: StaffMember): Promise<void> {
    const updated = await firstValueFrom(this.dialog.open<SpecialtiesDialogComponent, StaffMember, StaffMember>(SpecialtiesDialogComponent, { ...DIALOG, data: member }).afterClosed());
    if (!updated) return;
    this.snackBar.open(this.i18n.t('admin.staff.specialtiesSaved'), undefined, { duration: 4000 });
    await this.load();
  }

  async resetPassword(member: StaffMember): Promise<void> {
    const confirmed = await askToConfirm(this.dialog, {
      title: this.i18n.t('admin.staff.resetTitle', { name: member.fullName }),
      text: this.i18n.t('admin.staff.resetConfirm'),
      confirmLabel: this.i18n.t('admin.staff.resetAction'),
      cancelLabel: this.i18n.t('admin.import.cancel'),
    });
    if (confirmed) await this.act(member, () => this.api.resetStaffPassword(member.id), 'admin.staff.resetDone');
  }

  async deactivate(member: StaffMember): Promise<void> {
    const confirmed = await askToConfirm(this.dialog, {
      title: this.i18n.t('admin.staff.deactivateTitle', { name: member.fullName }),
      text: this.i18n.t('admin.staff.deactivateConfirm'),
      confirmLabel: this.i18n.t('admin.staff.deactivateAction'),
      cancelLabel: this.i18n.t('admin.import.cancel'),
    });
    if (!confirmed) return;
    await this.act(member, async () => {
      const result = await this.api.deactivateStaff(member.id);
      if (member.role === 'doctor') this.holdings.set({ name: member.fullName, holdings: result.holdings });
    }, 'admin.staff.deactivated');
  }

  async showHoldings(member: StaffMember): Promise<void> {
    await this.act(member, async () => this.holdings.set({ name: member.fullName, holdings: await this.api.staffHoldings(member.id) }));
  }

  private async act(member: StaffMember, work: () => Promise<unknown>, doneKey?: string): Promise<void> {
    this.busy.set(member.id);
    try {
      await work();
      if (doneKey) this.snackBar.open(this.i18n.t(doneKey), undefined, { duration: 5000 });
      await this.load();
    } catch (error) {
      this.snackBar.open(error instanceof ApiCallError ? error.message : this.i18n.t('error.internal'), undefined, { duration: 8000 });
    } finally {
      this.busy.set(null);
    }
  }

  private async load(): Promise<void> {
    try {
      const [staff, audit] = await Promise.all([this.api.staff(), this.api.staffAudit()]);
      this.staff.set(staff);
      this.audit.set(audit);
      this.error.set(null);
    } catch (error) {
      this.error.set(error instanceof ApiCallError ? error.message : this.i18n.t('error.internal'));
    } finally {
      this.loading.set(false);
    }
  }
}
