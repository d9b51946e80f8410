import { USER_ID_PATTERN } from '@oblako/domain';
import { CREDENTIALS_PAGE, IMPORT_LIMITS } from '../api';

/** JSON schemas of the admin routes: every input is checked before a handler runs. */

const base64Limit = Math.ceil((IMPORT_LIMITS.maxFileBytes * 4) / 3) + 4;

export const previewBody = {
  type: 'object',
  additionalProperties: false,
  required: ['files'],
  properties: {
    files: {
      type: 'array',
      minItems: 1,
      maxItems: IMPORT_LIMITS.maxFiles,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'contentBase64'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 255 },
          // A file over the limit is reported per file (import_file_too_large), so allow a little more here.
          contentBase64: { type: 'string', maxLength: base64Limit * 2 },
        },
      },
    },
  },
} as const;

const uuid = { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' } as const;

export const previewParams = { type: 'object', required: ['previewId'], properties: { previewId: uuid } } as const;
export const importParams = { type: 'object', required: ['importId'], properties: { importId: uuid } } as const;

export const commitBody = {
  type: 'object',
  additionalProperties: false,
  required: ['previewId', 'excludedRows'],
  properties: {
    previewId: uuid,
    excludedRows: { type: 'array', maxItems: IMPORT_LIMITS.maxRows, items: { type: 'string', pattern: '^\\d+:\\d+:\\d+$', maxLength: 30 } },
  },
} as const;

const SMS_STATES = ['queued', 'sending', 'sent', 'failed', 'cancelled'];

export const credentialsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    importId: uuid,
    state: { type: 'string', enum: SMS_STATES },
    search: { type: 'string', maxLength: 100 },
    limit: { type: 'integer', minimum: 1, maximum: CREDENTIALS_PAGE.maxLimit, default: CREDENTIALS_PAGE.defaultLimit },
    cursor: { type: 'string', minLength: 1, maxLength: 400, pattern: '^[A-Za-z0-9_-]+$' },
  },
} as const;

export const patientParams = { type: 'object', required: ['patientId'], properties: { patientId: { type: 'string', pattern: USER_ID_PATTERN.source } } } as const;

export const resendBody = { type: 'object', additionalProperties: false, properties: {} } as const;

export const smsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    state: { type: 'string', enum: SMS_STATES },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    before: { type: 'string', maxLength: 100 },
  },
} as const;
