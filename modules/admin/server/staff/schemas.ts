import { USER_ID_PATTERN } from '@oblako/domain';

/**
 * JSON schemas of «Сотрудники». They check shape and size; the rules a person can act on
 * (empty name, no specialty, unknown zone, bad phone) are checked by the service so each gets
 * its own code and field instead of a generic `validation`.
 */

const specialties = { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 200 } } as const;

export const newStaffBody = {
  type: 'object',
  additionalProperties: false,
  required: ['role', 'fullName', 'phone'],
  properties: {
    role: { type: 'string', enum: ['doctor', 'manager'] },
    fullName: { type: 'string', maxLength: 200 },
    phone: { type: 'string', maxLength: 40 },
    specialties,
    timeZone: { type: 'string', maxLength: 64 },
  },
} as const;

export const specialtiesBody = {
  type: 'object',
  additionalProperties: false,
  required: ['specialties'],
  properties: { specialties },
} as const;

export const emptyBody = { type: 'object', additionalProperties: false, properties: {} } as const;

export const staffParams = {
  type: 'object',
  additionalProperties: false,
  required: ['staffId'],
  properties: { staffId: { type: 'string', pattern: USER_ID_PATTERN.source, maxLength: 64 } },
} as const;

export const auditQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 } },
} as const;

export const noQuery = { type: 'object', additionalProperties: false, properties: {} } as const;
