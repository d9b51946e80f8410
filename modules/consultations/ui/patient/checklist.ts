import type { PatientReadiness, ReadinessRequirement } from '@oblako/domain';

export type ChecklistState = 'done' | 'pending' | 'missing';

export interface ChecklistLine {
  requirement: ReadinessRequirement;
  state: ChecklistState;
}

/** One line of «Что нужно загрузить» per requirement of the seed's rule. */
export function checklistOf(readiness: PatientReadiness): ChecklistLine[] {
  return (['conclusion', 'examination'] as const).map((requirement) => ({
    requirement,
    state: readiness.counts[requirement] > 0 ? 'done' : readiness.pending.includes(requirement) ? 'pending' : 'missing',
  }));
}
