/** A referral as the consultation page reads it from the replicated `referrals` collection (when present). */
export interface ReferralFacts {
  id: string;
  patientId: string;
  diagnosis: string;
  icd10: string;
  importedAt: string;
}

/** Just what the readiness rule reads of a patient's document. */
export interface DocumentFacts {
  type: string;
  files: { fileId: string }[];
}

/** One line of the history: a step of the state machine or an event of the video call. */
export interface HistoryStep {
  /** `step`, or `call-<kind>` for the call's events (e2e and styles tell them apart by it). */
  kind: string;
  label: string;
  /** Who did it, already in words («Вы», «Пациент Иванова…»); empty for the call's events. */
  who: string;
  at: string;
  reason: string;
}
