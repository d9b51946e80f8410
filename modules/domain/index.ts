/** @oblako/domain — the shared domain package: pure types and rules both the PWA and the server import. */
export * from './roles';
export * from './brand';
export * from './ids';
export * from './phone';
export * from './time-zones';
export * from './errors';
export * from './auth-api';
export * from './module-contract';
export * from './consent';
export * from './audit';
export { RUSSIAN_REGIONS, regionFromText, type RussianRegion } from './russian-regions';
export * from './authorization/index';
export * from './merge/index';
export * from './referrals/index';
export * from './consultation/index';
export * from './specialties';
export * from './sync-protocol';
