/** Who a signed-in person is to the service. The server is the only authority on a user's role. */
export const ROLES = ['patient', 'doctor', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Staff roles see other people's data (under medical secrecy); patients only their own. */
export function isStaff(role: Role): boolean {
  return role !== 'patient';
}
