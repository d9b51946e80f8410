import { Directive, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { formatPhone, type SessionResponse } from '@oblako/domain';
import { ApiCallError, SessionControl, TranslationService } from '@oblako/shell-kit';
import type { PhoneVerification } from '../api';
import { RegistrationApi } from './registration-api';
import { VerifiedPhone } from './verified-phone';

/**
 * What registration and password restore have in common: the phone proved by an SMS code (here,
 * or on the other page and handed over, so no second code), the stage that proof leads to, and
 * the one request that spends the verification token and opens the session.
 */
@Directive()
export abstract class VerifiedPhonePage<Stage extends string> {
  protected readonly api = inject(RegistrationApi);
  protected readonly i18n = inject(TranslationService);
  private readonly sessions = inject(SessionControl);
  private readonly router = inject(Router);
  private readonly verifiedPhone = inject(VerifiedPhone);

  readonly busy = signal(false);
  readonly stage = signal<Stage | 'verify'>('verify');
  /** A problem that sent the person back (an expired verification) or one without a field. */
  readonly notice = signal<string | null>(null);
  readonly verification = signal<PhoneVerification | null>(null);
  readonly phone = computed(() => formatPhone(this.verification()?.phone ?? ''));

  constructor() {
    // Handed over by the other page: the phone is already proved.
    const handed = this.verifiedPhone.take();
    if (handed) this.onVerified(handed);
  }

  onVerified(verification: PhoneVerification): void {
    this.verification.set(verification);
    this.notice.set(null);
    this.stage.set(this.stageAfter(verification));
  }

  /** Where a proved phone leads on this page; called from the constructor, so no fields. */
  protected abstract stageAfter(verification: PhoneVerification): Stage;

  /** A refusal only this page knows: a field to mark, a stage to show, or else the message. */
  protected abstract refused(error: ApiCallError): void;

  /** Takes the proved phone to the other page at `url`. */
  protected handOver(url: string): void {
    const verification = this.verification();
    if (verification) this.verifiedPhone.keep(verification);
    void this.router.navigateByUrl(url);
  }

  /** Spends the proved phone's token on `request` and opens the session it returns. */
  protected async complete(request: (verificationToken: string) => Promise<SessionResponse>): Promise<void> {
    const verification = this.verification();
    if (!verification || this.busy()) return;
    this.busy.set(true);
    this.notice.set(null);
    try {
      // The shell goes home from here; its gate shows what is still to do (a patient's consent).
      this.sessions.started(await request(verification.verificationToken));
    } catch (error) {
      this.failed(error);
    } finally {
      this.busy.set(false);
    }
  }

  private failed(error: unknown): void {
    if (!(error instanceof ApiCallError)) {
      this.notice.set(this.i18n.t('error.internal'));
    } else if (error.code === 'verification_expired') {
      this.verification.set(null);
      this.stage.set('verify');
      this.notice.set(error.message);
    } else {
      this.refused(error);
    }
  }
}
