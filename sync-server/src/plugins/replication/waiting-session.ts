import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { currentUser } from '../auth/index';

/**
 * Whether the session of a waiting longpoll still holds when the wait wakes up — from memory.
 *
 * Everything that ends a session reaches this process as a signal: a sign-out or a refresh-token
 * reuse (this instance, or any other through the `sessions` feed), an account disabled, signed
 * out everywhere, given a new password or another role (the `users` feed). The wait listens for
 * its own session and account; only when told (or when something was told between the request's
 * check and the start of the wait) does it check the session again against the store. Otherwise
 * a wake-up costs a comparison with the token's expiry, not a token verify and two store reads:
 * 2,000 devices woken by one change were 2,000 full checks, then 2,000 more when they re-asked.
 */
export class WaitingSession {
  private mayHaveEnded: boolean;
  private readonly stopWatching: () => void;

  /** `onTold` is called when the session may have ended (to wake the wait). */
  constructor(
    private readonly app: FastifyInstance,
    private readonly request: FastifyRequest,
    private readonly reply: FastifyReply,
    onTold: () => void,
  ) {
    const userId = currentUser(request).id;
    const sessionId = request.sessionId;
    this.stopWatching = app.sessionRevocations.watch((ended) => {
      if ('sid' in ended ? ended.sid !== sessionId : ended.accountId !== userId) return;
      this.mayHaveEnded = true;
      onTold();
    });
    // Told between the request's check and now: not known to concern someone else, so checked.
    this.mayHaveEnded = request.sessionCheck === null || app.sessionRevocations.told !== request.sessionCheck.toldBefore;
  }

  /**
   * The token must not have expired, and when the session may have ended: the token still valid,
   * the account live, the session not ended and the role unchanged (read again from the store).
   */
  async stillSignedIn(): Promise<boolean> {
    const check = this.request.sessionCheck;
    if (!check || check.validUntilMs <= Date.now()) return false;
    if (!this.mayHaveEnded) return true;
    this.mayHaveEnded = false;
    const before = this.request.user;
    try {
      await this.app.authenticate.call(this.app, this.request, this.reply);
    } catch {
      return false;
    }
    return this.request.user?.role === before?.role;
  }

  stop(): void {
    this.stopWatching();
  }
}
