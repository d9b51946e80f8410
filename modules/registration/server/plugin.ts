import { brandedSms, normalizePhone } from '@oblako/domain';
import {
  expiryDesignDoc, deployDesignDoc, purgeExpired, HttpError, MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH,
  type ModuleServerPlugin,
} from '@oblako/server-kit';
import {
  CODE_LIMITS, REGISTRATION_API,
  type CodeChallenge, type CompleteRegistrationRequest, type PhoneVerification, type RequestCodeRequest, type RestorePasswordRequest, type VerifyCodeRequest,
} from '../api';
import { validateRegistration } from '../validate';
import { CODES_DB, createCodes } from './codes';
import { completeBody, requestCodeBody, restoreBody, verifyCodeBody } from './schemas';

const PURGE_INTERVAL_MS = 60 * 60 * 1000;

function codeText(code: string, purpose: RequestCodeRequest['purpose']): string {
  const what = purpose === 'restore' ? 'восстановления пароля' : 'регистрации';
  return brandedSms(`код ${what} ${code}. Никому его не сообщайте.`);
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) throw new HttpError(400, 'weak_password', { field: 'password' });
}

/**
 * Self-registration and password restore by SMS code (see ../api.ts for the flows and the
 * account-enumeration decision). Public routes: no session needed, limits per phone and per IP.
 */
const registrationServerPlugin: ModuleServerPlugin = async (app) => {
  const db = app.store.db(CODES_DB);
  await deployDesignDoc(db, expiryDesignDoc);
  const codes = createCodes(db, app.config.jwtSecret);
  // Per client IP, derived from the sign-in limit (5 codes and 30 checks a minute by default):
  // against someone making us text strangers. The per-phone limits are in the store.
  const perMinute = app.config.signInRateLimitPerMinute;
  const codeRequests = { rateLimit: { max: Math.max(1, Math.floor(perMinute / 6)), timeWindow: 60_000 } };
  const checks = { rateLimit: { max: perMinute, timeWindow: 60_000 } };
  const purge = setInterval(() => void purgeExpired(db).catch((error: unknown) => app.log.warn({ err: error }, 'purging codes failed')), PURGE_INTERVAL_MS);
  purge.unref();
  app.addHook('onClose', async () => clearInterval(purge));

  app.post<{ Body: RequestCodeRequest }>(REGISTRATION_API.requestCode, {
    config: codeRequests,
    schema: { body: requestCodeBody },
  }, async (request): Promise<CodeChallenge> => {
    const phone = normalizePhone(request.body.phone);
    if (!phone) throw new HttpError(400, 'invalid_phone', { field: 'phone' });
    // The same answer for every valid number: registered or not is told after the code proves the phone.
    const challenge = await codes.issue(phone, request.body.purpose);
    await app.sms.enqueue({
      key: `code:${challenge.challengeId}`, to: phone, purpose: request.body.purpose === 'restore' ? 'restore_code' : 'registration_code',
      text: codeText(challenge.code, request.body.purpose), secret: challenge.code, keepDays: 1,
    });
    request.log.info({ challengeId: challenge.challengeId, purpose: request.body.purpose }, 'phone code sent');
    return {
      challengeId: challenge.challengeId, phone, expiresAt: challenge.expiresAt, resendAvailableAt: challenge.resendAvailableAt,
      codeLength: CODE_LIMITS.codeLength, attemptsLeft: CODE_LIMITS.maxAttempts,
    };
  });

  app.post<{ Body: VerifyCodeRequest }>(REGISTRATION_API.verifyCode, {
    config: checks,
    schema: { body: verifyCodeBody },
  }, async (request): Promise<PhoneVerification> => {
    const result = await codes.verify(request.body.challengeId, request.body.code);
    const registered = (await app.accounts.findByPhone(result.phone)) !== null;
    return { verificationToken: result.token, phone: result.phone, expiresAt: result.expiresAt, registered };
  });

  app.post<{ Body: CompleteRegistrationRequest }>(REGISTRATION_API.complete, {
    config: checks,
    schema: { body: completeBody },
  }, async (request, reply) => {
    const body = request.body;
    const verified = await codes.check(body.verificationToken);
    const [issue] = validateRegistration(body);
    if (issue) throw new HttpError(400, 'validation', { field: issue.field });
    checkPassword(body.password);
    if (await app.accounts.findByPhone(verified.phone)) throw new HttpError(409, 'phone_taken', { field: 'phone' });
    await codes.consume(verified);
    const account = await app.accounts.create({
      role: 'patient', phone: verified.phone, password: body.password, name: body.fullName.trim(),
      details: { birthDate: body.birthDate, region: body.region.trim(), timeZone: body.timeZone },
    });
    request.log.info({ accountId: account.id }, 'patient registered');
    const session = await app.sessions.open(request, reply, account.id);
    return reply.code(201).send(session);
  });

  app.post<{ Body: RestorePasswordRequest }>(REGISTRATION_API.restorePassword, {
    config: checks,
    schema: { body: restoreBody },
  }, async (request, reply) => {
    const verified = await codes.check(request.body.verificationToken);
    const account = await app.accounts.findByPhone(verified.phone);
    if (!account) throw new HttpError(404, 'phone_not_registered', { field: 'phone' });
    if (account.disabled) throw new HttpError(403, 'account_disabled');
    checkPassword(request.body.password);
    await codes.consume(verified);
    // A new password ends every session (a phone that was lost or seen by someone else) and
    // clears a one-time password: the person has chosen their own.
    await app.accounts.setPassword(account.id, request.body.password);
    request.log.info({ accountId: account.id }, 'password restored by SMS code');
    return app.sessions.open(request, reply, account.id);
  });
};

export default registrationServerPlugin;
