import { HISTORY_EVENT_LABELS, callEventLabel, type Consultation, type HistoryEntry, type Language } from '@oblako/domain';
import type { HistoryStep } from './consultation-facts';

/** What the history needs to name people, in the viewer's language. */
export interface HistoryContext {
  language: Language;
  viewerId: string | null;
  patientName: string;
  t: (key: string) => string;
}

/** The consultation's steps and its video call's events (written by the server), in the order they happened. */
export function historyStepsOf(consultation: Consultation, context: HistoryContext): HistoryStep[] {
  const steps = consultation.history.map((entry) => ({
    kind: 'step',
    label: HISTORY_EVENT_LABELS[entry.transition]?.[context.language] ?? entry.transition,
    who: whoOf(entry, consultation, context),
    at: entry.at,
    reason: entry.reason ?? '',
  }));
  const calls = (consultation.callEvents ?? []).map((event) => ({
    kind: `call-${event.kind}`, label: callEventLabel(event, context.language), who: '', at: event.at, reason: '',
  }));
  return [...steps, ...calls].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

function whoOf(entry: HistoryEntry, consultation: Consultation, { viewerId, patientName, t }: HistoryContext): string {
  if (entry.actorId === viewerId) return t('consultations.doctor.who.you');
  switch (entry.role) {
    case 'patient':
      return `${t('consultations.doctor.who.patient')} ${patientName}`.trim();
    case 'doctor':
      return `${t('consultations.doctor.who.doctor')} ${entry.actorId === consultation.doctorId ? (consultation.doctorName ?? '') : ''}`.trim();
    case 'manager':
      return t('consultations.doctor.who.manager');
    case 'system':
      return t('consultations.doctor.who.system');
    default:
      return entry.role;
  }
}
