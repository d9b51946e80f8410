import { MAX_PASSWORD_LENGTH } from '@oblako/server-kit';
import { CODE_LIMITS } from '../api';

/** JSON schemas of the registration routes. */

const token = { type: 'string', minLength: 1, maxLength: 100 } as const;

export const requestCodeBody = {
  type: 'object',
  additionalProperties: false,
  required: ['phone', 'purpose'],
  properties: { phone: { type: 'string', minLength: 1, maxLength: 40 }, purpose: { type: 'string', enum: ['register', 'restore'] } },
} as const;

export const verifyCodeBody = {
  type: 'object',
  additionalProperties: false,
  required: ['challengeId', 'code'],
  properties: {
    challengeId: { type: 'string', pattern: '^[0-9a-f-]{36}$' },
    code: { type: 'string', pattern: `^\\d{${CODE_LIMITS.codeLength}}$` },
  },
} as const;

export const completeBody = {
  type: 'object',
  additionalProperties: false,
  required: ['verificationToken', 'fullName', 'birthDate', 'region', 'timeZone', 'password'],
  properties: {
    verificationToken: token,
    fullName: { type: 'string', maxLength: 200 },
    birthDate: { type: 'string', maxLength: 10 },
    region: { type: 'string', maxLength: 200 },
    timeZone: { type: 'string', maxLength: 64 },
    password: { type: 'string', minLength: 1, maxLength: MAX_PASSWORD_LENGTH },
  },
} as const;

export const restoreBody = {
  type: 'object',
  additionalProperties: false,
  required: ['verificationToken', 'password'],
  properties: { verificationToken: token, password: { type: 'string', minLength: 1, maxLength: MAX_PASSWORD_LENGTH } },
} as const;
