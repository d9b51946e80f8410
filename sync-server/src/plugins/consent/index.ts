import fp from 'fastify-plugin';
import type { FastifyBaseLogger } from 'fastify';
import { CONSENT_API, CONSENT_TEXT, CONSENT_VERSION, type ConsentAcceptance, type ConsentStatus, type ConsentWithdrawal } from '@oblako/domain';
import { HttpError } from '../errors/index';
import { currentUser } from '../auth/index';
import { createConsents, type Consents } from './consents';

export type { Consents, ConsentDoc, ConsentWithdrawalDoc } from './consents';

/**
 * What a feature does when a patient withdraws consent (consultations: cancel the open ones).
 * Runs after the withdrawal is recorded and before the sessions end.
 */
export type WithdrawalListener = (patientId: string, log: FastifyBaseLogger) => Promise<void>;

export interface ConsentWithdrawalHooks {
  /** Registers what must follow a withdrawal; a listener that fails is logged, the withdrawal stands. */
  onWithdrawal(listener: WithdrawalListener): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Patients' informed consent to the processing of personal and health data. */
    consent: Consents & ConsentWithdrawalHooks;
  }
}

export const CONSENTS_DB = 'consents';

const statusSchema = {
  type: 'object',
  properties: {
    version: { type: 'string' },
    text: { type: 'object', properties: { ru: { type: 'array', items: { type: 'string' } }, en: { type: 'array', items: { type: 'string' } } } },
    accepted: { type: 'boolean' },
    acceptedAt: { type: 'string' },
    withdrawnAt: { type: 'string' },
  },
} as const;

const versionBody = { type: 'object', additionalProperties: false, required: ['version'], properties: { version: { type: 'string', maxLength: 40 } } } as const;

/**
 * Consent before data: `app.consent` for the features that must check it (uploads), and the
 * routes a patient uses to read the text and accept it. Staff process data under medical
 * secrecy and give no consent of their own.
 */
export default fp(
  async (app) => {
    const consents = createConsents(app.store.db(CONSENTS_DB));
    const withdrawalListeners: WithdrawalListener[] = [];
    app.decorate('consent', Object.assign(consents, {
      onWithdrawal(listener: WithdrawalListener) {
        withdrawalListeners.push(listener);
      },
    }));

    const status = async (userId: string): Promise<ConsentStatus> => {
      const accepted = await consents.current(userId);
      const withdrawn = accepted ? null : await consents.lastWithdrawal(userId);
      return {
        version: CONSENT_VERSION,
        text: CONSENT_TEXT,
        accepted: accepted !== null,
        ...(accepted ? { acceptedAt: accepted.acceptedAt } : {}),
        ...(withdrawn ? { withdrawnAt: withdrawn.withdrawnAt } : {}),
      };
    };

    app.get(CONSENT_API.current, {
      preHandler: [app.authenticate, app.requireRole('patient')],
      schema: { response: { 200: statusSchema } },
    }, async (request) => status(currentUser(request).id));

    app.post<{ Body: ConsentAcceptance }>(CONSENT_API.current, {
      preHandler: [app.authenticate, app.requireRole('patient')],
      schema: {
        body: versionBody,
        response: { 200: statusSchema },
      },
    }, async (request) => {
      // Accepting a text the patient was not shown (an old cached page) is no consent at all.
      if (request.body.version !== CONSENT_VERSION) throw new HttpError(409, 'consent_outdated', { field: 'version' });
      const user = currentUser(request);
      await consents.accept(user.id, { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' });
      request.log.info({ userId: user.id, version: CONSENT_VERSION }, 'consent accepted');
      return status(user.id);
    });

    /**
     * Withdrawal (152-FZ art. 9 §2): recorded as evidence, then every session of the account
     * ends — each device stops syncing and the next sign-in asks for consent again; uploads are
     * refused meanwhile (`consent_required`). The medical record already made is kept (323-FZ).
     */
    app.post<{ Body: ConsentWithdrawal }>(CONSENT_API.withdrawal, {
      preHandler: [app.authenticate, app.requireRole('patient')],
      schema: { body: versionBody, response: { 200: statusSchema } },
    }, async (request) => {
      // Withdrawing a text other than the one accepted now (an old page) would record a false statement.
      if (request.body.version !== CONSENT_VERSION) throw new HttpError(409, 'consent_outdated', { field: 'version' });
      const user = currentUser(request);
      const withdrawn = await consents.withdraw(user.id, { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' });
      if (!withdrawn) throw new HttpError(409, 'consent_not_given');
      for (const listener of withdrawalListeners) {
        // The withdrawal is already on record: it stands even when a follow-up fails (logged to be redone).
        await listener(user.id, request.log).catch((error: unknown) => {
          request.log.error({ err: error, userId: user.id }, 'a step following the consent withdrawal failed');
        });
      }
      await app.accounts.endAllSessions(user.id);
      request.log.info({ userId: user.id, version: CONSENT_VERSION }, 'consent withdrawn; sessions ended');
      return status(user.id);
    });
  },
  { name: 'consent', dependencies: ['store', 'auth', 'errors'] },
);
