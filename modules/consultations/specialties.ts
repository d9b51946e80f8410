// The catalogue of consultation profiles lives in @oblako/domain (the manager's staff pages in
// modules/admin name a doctor's specialties too); kept here so this module's imports stay as they were.
export { SPECIALTIES, specialtyLabel, specialtyOf, type Specialty } from '@oblako/domain';
