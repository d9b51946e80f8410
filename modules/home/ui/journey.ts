import type { NextStepKind } from '../next-step';

/** The five stages the patient walks through, as the progress line under the step shows them. */
export const JOURNEY = ['documents', 'specialty', 'doctor', 'consultation', 'conclusion'] as const;
export type JourneyStage = (typeof JOURNEY)[number];

const STAGE_OF: Readonly<Record<NextStepKind, JourneyStage>> = {
  upload_conclusion: 'documents',
  upload_examination: 'documents',
  choose_specialty: 'specialty',
  waiting_doctor: 'doctor',
  doctor_assigned: 'doctor',
  documents_requested: 'doctor',
  consultation: 'consultation',
  conclusion_pending: 'conclusion',
  conclusion: 'conclusion',
};

export function stageOf(kind: NextStepKind): JourneyStage {
  return STAGE_OF[kind];
}

/** The icon of each step's card. */
export const STEP_ICONS: Readonly<Record<NextStepKind, string>> = {
  upload_conclusion: 'upload_file',
  upload_examination: 'upload_file',
  choose_specialty: 'medical_services',
  waiting_doctor: 'hourglass_empty',
  doctor_assigned: 'person_check',
  documents_requested: 'upload_file',
  consultation: 'videocam',
  conclusion_pending: 'hourglass_empty',
  conclusion: 'description',
};
