import { Injectable } from '@angular/core';
import type { PhoneVerification } from '../api';

/**
 * Hands a verified phone from one page to the other: registration finds the number taken and
 * offers to set a new password (or restore finds it free and offers registration) without a
 * second SMS — the verification token works for either completion.
 */
@Injectable({ providedIn: 'root' })
export class VerifiedPhone {
  private kept: PhoneVerification | null = null;

  keep(verification: PhoneVerification): void {
    this.kept = verification;
  }

  /** The kept verification while it is still valid; taken once. */
  take(now = Date.now()): PhoneVerification | null {
    const kept = this.kept;
    this.kept = null;
    return kept && Date.parse(kept.expiresAt) > now ? kept : null;
  }
}
