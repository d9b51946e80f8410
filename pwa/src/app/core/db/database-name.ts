/**
 * One database per user (never mixed on a shared device); RxDB names allow [a-z0-9_$-]. On its
 * own (no imports): the sign-in page asks whether the device holds it before RxDB is loaded.
 */
export function databaseName(userId: string): string {
  return `oblako-${userId.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;
}
