/**
 * The consultation lifecycle, pure: the state machine (who may do what, when, and who is told),
 * the readiness gate, the doctor's calendar and free slots, conflict rules for concurrent
 * offline edits, the 2–4 day promise, and times shown in the reader's zone. The server enforces
 * it on every write, the PWA uses it to offer only allowed actions. See README.md.
 */
export * from './types';
export {
  TRANSITIONS,
  transitionsFrom,
  checkParty,
  START_EARLY_MINUTES,
  CLOCK_SKEW_MS,
  MAX_REASON_LENGTH,
  MAX_COMMENT_LENGTH,
  MAX_HISTORY_ENTRIES,
  IMMUTABLE_FIELDS,
  specialtyAllows,
  type TransitionContext,
  type TransitionDefinition,
} from './transitions';
export {
  classifyWrite,
  isRefused,
  allowedTransitions,
  applyTransition,
  draftTransition,
  MAX_STEPS_PER_WRITE,
  type ClassifyResult,
  type ClassifiedWrite,
  type RefusedWrite,
  type TransitionRequest,
  type AppliedTransition,
} from './classify';
export { consultationIssues, validateConsultation, validateConsultationShape, readConsultation, type ConsultationInput } from './validate';
export { consultationSchema } from './schema';
export {
  CALL_EVENT_KINDS,
  MAX_CALL_EVENTS,
  appendCallEvents,
  callEventsChangeIssue,
  callEventsBehind,
  type ConsultationCallEvent,
  type ConsultationCallEventKind,
} from './call-events';
export { callEventLabel, callEventText, callDurationText } from './call-events-text';
export { NOTICE_KINDS, supersededNotices, type Notice, type NoticeKind, type NoticeRecipient, type NoticeDelivery } from './notices';
export {
  patientReadiness,
  requirementOf,
  ATTENDING_CONCLUSION_TYPE,
  EXAMINATION_TYPES,
  READINESS_REQUIREMENTS,
  type PatientReadiness,
  type ReadinessDocument,
  type ReadinessOptions,
  type ReadinessRequirement,
} from './readiness';
export {
  freeSlots,
  checkBooking,
  bookingsOf,
  validateCalendar,
  WEEKDAYS,
  MIN_SLOT_MINUTES,
  MAX_SLOT_MINUTES,
  MAX_FREE_SLOT_RANGE_DAYS,
  type DoctorCalendar,
  type WorkingInterval,
  type Weekday,
  type SlotRequest,
} from './calendar';
export {
  resolveConsultationConflict,
  resolveConcurrentTake,
  resolveCancelVsReschedule,
  resolveBookingClaims,
  resolveDoubleBooking,
  compareBookingClaims,
  bookingClaimOf,
  type ConflictOutcome,
  type ConflictRule,
  type BookingClaim,
  type BookingResolution,
} from './conflicts';
export {
  overdueSince,
  schedulingPromise,
  patientStage,
  PROMISE_ATTENTION_DAYS,
  PROMISE_DEADLINE_DAYS,
  PATIENT_STAGES,
  type PromiseLevel,
  type PromiseStatus,
  type PatientStage,
} from './promise';
export { formatInZone, formatSlotInZone, formatDateInZone, formatTimeInZone, timeZoneName, utcOffsetLabel, zoneLabel } from './format';
export {
  noticeText,
  consultationErrorMessage,
  CONSULTATION_ERROR_MESSAGES,
  CONSULTATION_STATUS_LABELS,
  TRANSITION_LABELS,
  HISTORY_EVENT_LABELS,
  type NoticeTextOptions,
} from './messages';
export {
  isValidTimeZone,
  wallTimeAt,
  offsetMinutesAt,
  utcOfWallTime,
  civilDateAt,
  dayRangeInZone,
  parseCivilDate,
  formatCivilDate,
  type WallTime,
  type CivilDate,
} from './zoned-time';
export { isIsoTime, isCanonicalInstant, type Instant } from './instant';
export { isNightForPatient, NIGHT_STARTS_AT_HOUR, NIGHT_ENDS_AT_HOUR } from './night';
