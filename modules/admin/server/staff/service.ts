import { randomBytes } from 'node:crypto';
import { accountsWithRole, HttpError, type Account, type AuthUser, type FastifyInstance } from '@oblako/server-kit';
import type { DeactivationResult, NewStaffMember, StaffAuditEntry, StaffMember, StaffRole } from '../../staff-api';
import { recordStaffChange } from './audit';
import { latestCredentialsSms, sendStaffCredentials } from './credentials';
import { createDoctorSettings, readDoctorSettings, setDoctorSpecialties } from './doctor-settings';
import { holdingsOf } from './holdings';
import { checkNewStaffMember, checkSpecialties, DEFAULT_DOCTOR_ZONE } from './rules';

type Actor = StaffAuditEntry['actor'];

export function actorOf(user: AuthUser): Actor {
  return { id: user.id, name: user.name };
}

const isStaff = (account: Account | null): account is Account & { role: StaffRole } =>
  account !== null && (account.role === 'doctor' || account.role === 'manager');

/**
 * «Сотрудники»: the manager's changes to doctor and manager accounts, each one audited. The
 * account code is the auth plugin's (`app.accounts`); sessions end through its public
 * `endAllSessions` (the session generation every token carries).
 */
export function createStaffService(app: FastifyInstance) {
  // Deactivations one at a time in this process, so two managers deactivating each other at
  // once cannot both pass the "another active manager remains" check. (Across several server
  // instances a narrow window stays open; should it ever leave no active manager,
  // `npm run manage -- create-manager` makes one.)
  let deactivating: Promise<unknown> = Promise.resolve();

  const memberOf = async (staffId: string): Promise<StaffMember> => {
    // The SMS first, then the account: a sent SMS has already set its one-time password, so
    // the account read after it tells truly whether the person has replaced it.
    const sms = await latestCredentialsSms(app, staffId);
    const account = await staffAccount(staffId);
    const settings = account.role === 'doctor' ? (await readDoctorSettings(app, [account.id])).get(account.id) : undefined;
    return present(account, settings, sms);
  };

  const staffAccount = async (staffId: string): Promise<Account & { role: StaffRole }> => {
    const account = await app.accounts.get(staffId);
    if (!isStaff(account)) throw new HttpError(404, 'staff_not_found', { field: 'staffId' });
    return account;
  };

  return {
    async list(): Promise<StaffMember[]> {
      const ids = [...(await accountsWithRole(app, 'doctor')), ...(await accountsWithRole(app, 'manager'))].filter(isStaff).map((account) => account.id);
      // As in memberOf: the SMS states first, then the accounts as they are after them.
      const sms = new Map(await Promise.all(ids.map(async (id) => [id, await latestCredentialsSms(app, id)] as const)));
      const accounts = [...(await app.accounts.getMany(ids)).values()].filter(isStaff);
      const settings = await readDoctorSettings(app, accounts.filter((account) => account.role === 'doctor').map((account) => account.id));
      const members = accounts.map((account) => present(account, settings.get(account.id), sms.get(account.id) ?? null));
      return members.sort((a, b) => Number(a.disabled) - Number(b.disabled) || a.fullName.localeCompare(b.fullName, 'ru'));
    },

    async add(input: NewStaffMember, actor: Actor): Promise<StaffMember> {
      const checked = checkNewStaffMember(input);
      if (await app.accounts.findByPhone(checked.phone)) throw new HttpError(409, 'staff_phone_taken', { field: 'phone' });
      let account: Account;
      try {
        // Nobody ever learns this password: the SMS sets a one-time one just before it goes out.
        account = await app.accounts.create({ role: checked.role, phone: checked.phone, name: checked.fullName, password: randomBytes(24).toString('base64url') });
      } catch (error) {
        if (error instanceof HttpError && error.code === 'phone_taken') throw new HttpError(409, 'staff_phone_taken', { field: 'phone' });
        throw error;
      }
      if (checked.role === 'doctor') await createDoctorSettings(app, account.id, checked.specialties, checked.timeZone);
      await sendStaffCredentials(app, account.id, account.phone);
      await recordStaffChange(app.store, {
        action: 'staff_created', actor, staff: { id: account.id, name: account.name, role: checked.role },
        details: { phone: account.phone, ...(checked.role === 'doctor' ? { specialties: checked.specialties, timeZone: checked.timeZone } : {}) },
      });
      return memberOf(account.id);
    },

    async changeSpecialties(staffId: string, written: readonly string[], actor: Actor): Promise<StaffMember> {
      const account = await staffAccount(staffId);
      if (account.role !== 'doctor') throw new HttpError(409, 'staff_not_doctor');
      if (account.disabled) throw new HttpError(409, 'staff_disabled');
      const specialties = checkSpecialties(written);
      const before = await setDoctorSpecialties(app, account.id, specialties, DEFAULT_DOCTOR_ZONE);
      await recordStaffChange(app.store, {
        action: 'staff_specialties_changed', actor, staff: { id: account.id, name: account.name, role: account.role },
        details: { from: before, to: specialties },
      });
      return memberOf(account.id);
    },

    async resetPassword(staffId: string, actor: Actor): Promise<StaffMember> {
      const account = await staffAccount(staffId);
      if (account.disabled) throw new HttpError(409, 'staff_disabled');
      // The old password stops working now, not when the SMS goes out.
      await app.accounts.setPassword(account.id, randomBytes(24).toString('base64url'), { oneTime: true });
      await sendStaffCredentials(app, account.id, account.phone);
      await recordStaffChange(app.store, { action: 'staff_password_reset', actor, staff: { id: account.id, name: account.name, role: account.role } });
      return memberOf(staffId);
    },

    async deactivate(staffId: string, actor: Actor): Promise<DeactivationResult> {
      const run = deactivating.then(async () => {
        const account = await staffAccount(staffId);
        if (account.id === actor.id) throw new HttpError(409, 'staff_self_deactivation');
        if (account.disabled) throw new HttpError(409, 'staff_already_disabled');
        if (account.role === 'manager') {
          const others = (await accountsWithRole(app, 'manager')).filter((manager) => !manager.disabled && manager.id !== account.id);
          if (others.length === 0) throw new HttpError(409, 'staff_last_manager');
        }
        await app.accounts.setDisabled(account.id, true);
        // Every access and refresh token carries the session generation: bumping it ends them
        // all at once (the open tab's next request answers 401 and the tab signs out). The
        // session work of issue 11 wakes the account's waiting longpolls when its account
        // document changes (both writes here change it), so the tab learns it at once; if that
        // work adds an explicit per-session revocation call, it belongs right here.
        await app.accounts.endAllSessions(account.id);
        const queued = await app.sms.find({ purpose: 'credentials', accountId: account.id });
        for (const message of queued) if (message.state === 'queued') await app.sms.cancel(message.id);
        const holdings = account.role === 'doctor' ? await holdingsOf(app, account.id) : { patients: [], consultations: [] };
        await recordStaffChange(app.store, {
          action: 'staff_deactivated', actor, staff: { id: account.id, name: account.name, role: account.role },
          details: { patients: holdings.patients.length, consultations: holdings.consultations.length },
        });
        return { member: await memberOf(staffId), holdings };
      });
      deactivating = run.catch(() => undefined);
      return run;
    },

    async holdings(staffId: string) {
      const account = await staffAccount(staffId);
      return account.role === 'doctor' ? holdingsOf(app, account.id) : { patients: [], consultations: [] };
    },
  };
}

export type StaffService = ReturnType<typeof createStaffService>;

function present(account: Account & { role: StaffRole }, settings: { specialties: string[]; timeZone: string } | undefined, sms: StaffMember['sms']): StaffMember {
  return {
    id: account.id, role: account.role, fullName: account.name, phone: account.phone, disabled: account.disabled,
    activated: account.mustChangePassword !== true && sms?.state !== 'queued' && sms?.state !== 'sending',
    specialties: account.role === 'doctor' ? (settings?.specialties ?? []) : [],
    timeZone: account.role === 'doctor' ? (settings?.timeZone ?? '') : '', createdAt: account.createdAt, sms,
  };
}
