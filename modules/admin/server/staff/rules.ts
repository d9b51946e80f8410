import { isRussianTimeZone, normalizePhone, specialtyOf } from '@oblako/domain';
import { HttpError } from '@oblako/server-kit';
import type { NewStaffMember } from '../../staff-api';

export const DEFAULT_DOCTOR_ZONE = 'Europe/Moscow';

/** What a valid new staff member is, each rule with its own code and field. */
export interface CheckedStaffMember {
  role: NewStaffMember['role'];
  fullName: string;
  phone: string;
  specialties: string[];
  timeZone: string;
}

export function checkNewStaffMember(input: NewStaffMember): CheckedStaffMember {
  const fullName = input.fullName.trim().replace(/\s+/g, ' ');
  if (fullName === '') throw new HttpError(400, 'staff_name_required', { field: 'fullName' });
  const phone = normalizePhone(input.phone);
  if (!phone) throw new HttpError(400, 'invalid_phone', { field: 'phone' });
  if (input.role === 'manager') return { role: 'manager', fullName, phone, specialties: [], timeZone: '' };
  const timeZone = input.timeZone ?? DEFAULT_DOCTOR_ZONE;
  if (!isRussianTimeZone(timeZone)) throw new HttpError(400, 'staff_time_zone_invalid', { field: 'timeZone' });
  return { role: 'doctor', fullName, phone, specialties: checkSpecialties(input.specialties ?? []), timeZone };
}

/** Codes for known profiles (`кардиолог` → `cardiology`), anything else as written; at least one. */
export function checkSpecialties(written: readonly string[]): string[] {
  const specialties = [...new Set(written.map(specialtyOf).filter((specialty) => specialty !== ''))];
  if (specialties.length === 0) throw new HttpError(400, 'staff_specialty_required', { field: 'specialties' });
  return specialties;
}
