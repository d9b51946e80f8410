import { CALL_EVENT_KINDS, CALL_EVENT_ROLES, MAX_CALL_EVENTS } from './call-events';
import type { CollectionSchema } from '../module-contract';
import { MAX_COMMENT_LENGTH, MAX_HISTORY_ENTRIES, MAX_REASON_LENGTH } from './transitions';
import { CONSULTATION_STATUSES, TRANSITION_NAMES } from './types';
import { MAX_DOCTOR_NAME_LENGTH, MAX_REF_LENGTH, MAX_SPECIALTY_LENGTH } from './validate';

/**
 * The JSON schema of a consultation document (RxDB view), for the module that registers the
 * collection: RxDB validates with it on the device, the server with ajv. What JSON schema
 * cannot say (state invariants, transitions) is validate.ts and classify.ts.
 */
const isoTime = { type: 'string', format: 'date-time', maxLength: 40 } as const;
const userId = { type: 'string', maxLength: 64 } as const;
const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;

export const consultationSchema: CollectionSchema = {
  title: 'consultation',
  // 1: `callEvents` (the video call's events, written by the server); documents of version 0 are unchanged.
  version: 1,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string', maxLength: 170 },
    patientId: userId,
    specialty: { type: 'string', minLength: 1, maxLength: MAX_SPECIALTY_LENGTH },
    referralId: text(MAX_REF_LENGTH),
    status: { type: 'string', enum: [...CONSULTATION_STATUSES], maxLength: 20 },
    createdAt: isoTime,
    updatedAt: isoTime,
    readyAt: isoTime,
    doctorId: userId,
    doctorName: text(MAX_DOCTOR_NAME_LENGTH),
    takenAt: isoTime,
    documentsRequest: {
      type: 'object',
      additionalProperties: false,
      properties: { comment: text(MAX_COMMENT_LENGTH), at: isoTime },
      required: ['comment', 'at'],
    },
    slot: {
      type: 'object',
      additionalProperties: false,
      properties: { start: isoTime, end: isoTime },
      required: ['start', 'end'],
    },
    bookedAt: isoTime,
    firstScheduledAt: isoTime,
    timeRequest: {
      type: 'object',
      additionalProperties: false,
      properties: { comment: text(MAX_COMMENT_LENGTH), at: isoTime },
      required: ['comment', 'at'],
    },
    cancellation: {
      type: 'object',
      additionalProperties: false,
      properties: {
        by: { type: 'string', enum: ['patient', 'doctor', 'manager'] },
        actorId: userId,
        reason: text(MAX_REASON_LENGTH),
        at: isoTime,
      },
      required: ['by', 'actorId', 'reason', 'at'],
    },
    startedAt: isoTime,
    heldAt: isoTime,
    conclusionId: text(MAX_REF_LENGTH),
    concludedAt: isoTime,
    history: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_HISTORY_ENTRIES,
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          transition: { type: 'string', enum: [...TRANSITION_NAMES] },
          actorId: userId,
          role: { type: 'string', enum: ['patient', 'doctor', 'manager', 'admin', 'system'] },
          at: isoTime,
          reason: text(MAX_REASON_LENGTH),
        },
        required: ['transition', 'actorId', 'role', 'at'],
      },
    },
    callEvents: {
      type: 'array',
      maxItems: MAX_CALL_EVENTS,
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          kind: { type: 'string', enum: [...CALL_EVENT_KINDS] },
          role: { type: 'string', enum: [...CALL_EVENT_ROLES] },
          at: isoTime,
          count: { type: 'integer', minimum: 0, maximum: 10000 },
          seconds: { type: 'integer', minimum: 0, maximum: 86400 },
        },
        required: ['kind', 'role', 'at'],
      },
    },
  },
  required: ['id', 'patientId', 'specialty', 'status', 'createdAt', 'updatedAt', 'history'],
  indexes: ['status', ['patientId', 'status']],
};
