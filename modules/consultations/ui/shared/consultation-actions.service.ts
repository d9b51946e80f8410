import { Injectable, inject } from '@angular/core';
import { Store } from '@ngrx/store';
import {
  allowedTransitions,
  applyTransition,
  bookingsOf,
  consultationErrorMessage,
  isRefused,
  patientReadiness,
  type Consultation,
  type ConsultationActor,
  type ConsultationErrorCode,
  type DoctorCalendar,
  type ReadinessDocument,
  type TransitionContext,
  type TransitionName,
  type TransitionRequest,
} from '@oblako/domain';
import { DataService, TranslationService, selectUser } from '@oblako/shell-kit';
import { catchError, firstValueFrom, of, type Observable } from 'rxjs';
import { CONSULTATION_CLOCK } from './clock';
import { CONSULTATIONS_COLLECTION, DOCTOR_SETTINGS_COLLECTION, DOCTOR_SETTINGS_LOCAL_ID, type DoctorSettings } from '../../schema';

export type ApplyResult =
  | { ok: true; consultation: Consultation; savedOffline: boolean }
  | { ok: false; code: string; field?: string; message: string };

interface FileRecord {
  fileId: string;
  status: string;
}

/**
 * The device side of the consultation state machine: which actions the signed-in person may
 * take now, and taking one (also offline). Each action is built with the domain's
 * `applyTransition` with what this device knows — its clock, the patient's local documents
 * (readiness), the doctor's own calendar and bookings (only the doctor's device has them) — and
 * saved to the local database; the server checks it again when it arrives.
 */
@Injectable({ providedIn: 'root' })
export class ConsultationActions {
  private readonly data = inject(DataService);
  private readonly i18n = inject(TranslationService);
  private readonly user = inject(Store).selectSignal(selectUser);
  private readonly clock = inject(CONSULTATION_CLOCK);

  /** The signed-in person as a ConsultationActor ({id, role}). */
  actor(): ConsultationActor | null {
    const user = this.user();
    return user ? { id: user.id, role: user.role } : null;
  }

  /** allowedTransitions with the device's context (clock, local readiness, local calendar & bookings). */
  async allowed(consultation: Consultation | null): Promise<TransitionName[]> {
    const actor = this.actor();
    if (!actor) return [];
    const current = consultation ? ((await this.latest(consultation.id)) ?? consultation) : null;
    return allowedTransitions(current, actor, await this.context(current, actor));
  }

  /**
   * applyTransition with the device's context, then DataService.save('consultations', doc).
   * Refusal → { ok: false, code, message (consultationErrorMessage in the UI language) }.
   */
  async apply(consultation: Consultation | null, request: TransitionRequest): Promise<ApplyResult> {
    const actor = this.actor();
    if (!actor) return this.refusal('role_not_allowed');
    // Build on the newest local version (another tab or the replication may have changed it).
    const current = consultation ? ((await this.latest(consultation.id)) ?? consultation) : null;
    const result = applyTransition(current, request, actor, await this.context(current, actor, request));
    if (isRefused(result)) return this.refusal(result.error, result.field);
    const { savedOffline } = await this.data.save(CONSULTATIONS_COLLECTION, result.consultation);
    return { ok: true, consultation: result.consultation, savedOffline };
  }

  /** The context the state machine's rules need, as far as this device knows it. */
  async context(consultation: Consultation | null, actor: ConsultationActor, request?: TransitionRequest): Promise<TransitionContext> {
    const context: TransitionContext = { now: this.clock().toISOString() };
    const patientId = consultation?.patientId ?? (request?.transition === 'open' ? request.patientId : actor.role === 'patient' ? actor.id : undefined);
    const doctorId = consultation?.doctorId ?? (actor.role === 'doctor' ? actor.id : undefined);
    const [readinessDocs, records, settings, doctorConsultations] = await Promise.all([
      patientId ? this.list<ReadinessDocument>('documents', { patientId }) : Promise.resolve(null),
      patientId ? this.list<FileRecord>('document_files', { patientId }) : Promise.resolve(null),
      doctorId ? this.one<DoctorSettings>(DOCTOR_SETTINGS_COLLECTION, `${doctorId}:${DOCTOR_SETTINGS_LOCAL_ID}`) : Promise.resolve(null),
      doctorId ? this.list<Consultation>(CONSULTATIONS_COLLECTION, { doctorId }) : Promise.resolve(null),
    ]);
    if (readinessDocs) {
      const uploadedFileIds = new Set((records ?? []).filter((record) => record.status === 'uploaded').map((record) => record.fileId));
      context.readiness = patientReadiness(readinessDocs, { uploadedFileIds });
    }
    if (settings && doctorId) {
      context.calendar = calendarOf(settings);
      context.bookings = bookingsOf(doctorConsultations ?? [], doctorId);
    }
    return context;
  }

  private refusal(code: string, field?: string): ApplyResult {
    const language = this.i18n.language();
    let message: string;
    try {
      message = consultationErrorMessage(code as ConsultationErrorCode, language);
    } catch {
      message = code;
    }
    const result: ApplyResult = { ok: false, code, message };
    if (field !== undefined) result.field = field;
    return result;
  }

  private latest(id: string): Promise<Consultation | null> {
    return this.one<Consultation>(CONSULTATIONS_COLLECTION, id);
  }

  private one<T>(collection: string, id: string): Promise<T | null> {
    return firstOrFallback(this.data.doc$<T>(collection, id), null);
  }

  private list<T>(collection: string, selector: Record<string, unknown>): Promise<T[] | null> {
    return firstOrFallback(this.data.find$<T>(collection, selector as never), null);
  }
}

/** The first value, or the fallback when the collection is not on this device. */
function firstOrFallback<T, F>(source: Observable<T>, fallback: F): Promise<T | F> {
  return firstValueFrom(source.pipe(catchError(() => of(fallback))));
}

function calendarOf(settings: DoctorSettings): DoctorCalendar {
  const calendar: DoctorCalendar = { timeZone: settings.timeZone, slotMinutes: settings.slotMinutes, week: settings.week };
  if (settings.daysOff) calendar.daysOff = settings.daysOff;
  return calendar;
}
