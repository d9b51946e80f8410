import { ROLES } from '@oblako/domain';
import { MAX_PASSWORD_LENGTH } from './passwords';

/** JSON schemas of the auth routes (requests are validated, responses serialised by them). */

export const signInBody = {
  type: 'object',
  required: ['phone', 'password'],
  additionalProperties: false,
  properties: {
    phone: { type: 'string', minLength: 1, maxLength: 40 },
    password: { type: 'string', minLength: 1, maxLength: MAX_PASSWORD_LENGTH },
  },
} as const;

export const sessionUser = {
  type: 'object',
  required: ['id', 'role', 'phone', 'name'],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    role: { type: 'string', enum: [...ROLES] },
    phone: { type: 'string' },
    name: { type: 'string' },
    mustChangePassword: { type: 'boolean' },
  },
} as const;

export const changePasswordBody = {
  type: 'object',
  required: ['newPassword'],
  additionalProperties: false,
  properties: {
    currentPassword: { type: 'string', minLength: 1, maxLength: MAX_PASSWORD_LENGTH },
    newPassword: { type: 'string', minLength: 1, maxLength: MAX_PASSWORD_LENGTH },
  },
} as const;

export const sessionResponse = {
  type: 'object',
  required: ['accessToken', 'accessTokenExpiresAt', 'user'],
  additionalProperties: false,
  properties: {
    accessToken: { type: 'string' },
    accessTokenExpiresAt: { type: 'string' },
    user: sessionUser,
  },
} as const;

/** Cookie-authenticated calls carry this header (value "1"): a cross-site form cannot. */
export const clientHeaders = {
  type: 'object',
  properties: { 'x-oblako-client': { type: 'string' } },
} as const;
