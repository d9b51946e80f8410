import { Injectable, inject } from '@angular/core';
import { Store } from '@ngrx/store';
import { applyTransition, consultationErrorMessage, isRefused, type Consultation, type TransitionName } from '@oblako/domain';
import { DataService, TranslationService, selectUser } from '@oblako/shell-kit';
import { firstValueFrom } from 'rxjs';
import { CONSULTATIONS_COLLECTION } from '../../consultations/index';

/**
 * «Начать консультацию» and «Завершить консультацию» from the call: the consultations module's
 * `start` and `complete` steps, built by the domain's state machine (`applyTransition`, the same
 * rule the server checks) and saved like every consultation change (offline-first, replicated).
 * Both steps need only the clock and the slot, so no calendar or readiness is loaded here.
 */
@Injectable({ providedIn: 'root' })
export class ConsultationSteps {
  private readonly data = inject(DataService);
  private readonly i18n = inject(TranslationService);
  private readonly user = inject(Store).selectSignal(selectUser);

  /**
   * Resolves with null when saved, or the person's message when the state machine refused.
   * `accepted` runs once the step is allowed, before the local write: the call need not wait
   * for IndexedDB (bench:video p50 «Начать» → first frame 419 → 373 ms, bench/README.md). `known`:
   * the consultation as the page has it live (the call page does), so nothing is read first.
   */
  async take(consultationId: string, transition: Extract<TransitionName, 'start' | 'complete'>, accepted?: () => void, known?: Consultation | null): Promise<string | null> {
    const user = this.user();
    // The page's live copy when it has one (no IndexedDB read between the click and the call).
    const current = known ?? (await firstValueFrom(this.data.doc$<Consultation>(CONSULTATIONS_COLLECTION, consultationId)));
    if (!user || !current) return this.i18n.t('video.notFound');
    const result = applyTransition(current, { transition }, { id: user.id, role: user.role }, { now: new Date().toISOString() });
    if (isRefused(result)) return consultationErrorMessage(result.error, this.i18n.language());
    accepted?.();
    await this.data.save(CONSULTATIONS_COLLECTION, result.consultation);
    return null;
  }
}
