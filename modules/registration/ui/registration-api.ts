import { Injectable, inject } from '@angular/core';
import { CONSENT_API, type ConsentAcceptance, type ConsentStatus, type SessionResponse } from '@oblako/domain';
import { ApiClient } from '@oblako/shell-kit';
import {
  REGISTRATION_API,
  type ChangePasswordRequest,
  type CodeChallenge,
  type CodePurpose,
  type CompleteRegistrationRequest,
  type PhoneVerification,
  type RestorePasswordRequest,
} from '../api';

/** The calls of ../api.ts (and the consent of @oblako/domain) as the pages make them. */
@Injectable({ providedIn: 'root' })
export class RegistrationApi {
  private readonly api = inject(ApiClient);

  requestCode(phone: string, purpose: CodePurpose): Promise<CodeChallenge> {
    return this.api.postPublic(REGISTRATION_API.requestCode, { phone, purpose });
  }

  verifyCode(challengeId: string, code: string): Promise<PhoneVerification> {
    return this.api.postPublic(REGISTRATION_API.verifyCode, { challengeId, code });
  }

  complete(request: CompleteRegistrationRequest): Promise<SessionResponse> {
    return this.api.postPublic(REGISTRATION_API.complete, request);
  }

  restorePassword(request: RestorePasswordRequest): Promise<SessionResponse> {
    return this.api.postPublic(REGISTRATION_API.restorePassword, request);
  }

  changePassword(request: ChangePasswordRequest): Promise<SessionResponse> {
    return this.api.post(REGISTRATION_API.changePassword, request);
  }

  consent(): Promise<ConsentStatus> {
    return this.api.get(CONSENT_API.current);
  }

  acceptConsent(acceptance: ConsentAcceptance): Promise<ConsentStatus> {
    return this.api.post(CONSENT_API.current, acceptance);
  }
}
