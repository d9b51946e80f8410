import type { Reach, RoleReach } from '../module-contract';
import type { Viewer } from './types';

/** How far the viewer's role reaches under one access rule, or null for not at all. */
export function reachOf(rule: RoleReach | undefined, viewer: Viewer): Reach | null {
  return rule?.[viewer.role] ?? null;
}

/** Whether a partition (an owner's user id) lies within a reach for this viewer. */
export function reachCovers(reach: Reach | null, viewer: Viewer, partition: string): boolean {
  switch (reach) {
    case 'all':
      return true;
    case 'assigned':
      // A doctor's own partition (their calendar, their notes) is always theirs too.
      return partition === viewer.id || (viewer.assignedPatients?.has(partition) ?? false);
    case 'own':
      return partition === viewer.id;
    default:
      return false;
  }
}

/** Whether the viewer's reach depends on assignments that change over time. */
export function dependsOnAssignments(rule: RoleReach | undefined, viewer: Viewer): boolean {
  return reachOf(rule, viewer) === 'assigned';
}
