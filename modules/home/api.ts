/** The home module's HTTP contract (server: server/plugin.ts). */
export const HOME_API = {
  /** GET → SupportContacts: where a signed-in person gets help (SUPPORT_PHONE, SUPPORT_EMAIL). */
  support: '/api/support',
} as const;

export interface SupportContacts {
  /** E.164, or absent when the operator has not set it. */
  phone?: string;
  email?: string;
}
