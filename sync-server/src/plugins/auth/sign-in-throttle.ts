import { createHash } from 'node:crypto';
import { HttpError } from '../errors/index';
import { getOrNull, putUnlessConflict } from '../store/single';

/** Recent sign-in attempts for one phone number, kept in the store so every instance counts them. */
interface AttemptsDoc {
  _id: string;
  _rev?: string;
  type: 'sign_in_attempts';
  /** Epoch ms of the attempts not followed by a successful sign-in, oldest first. */
  attempts: number[];
  expiresAt: string;
}

export interface SignInThrottle {
  /**
   * Counts an attempt for this phone before the password is checked, or throws 429
   * `too_many_attempts` when the window is full. Counting first (with the revision as a lock)
   * means parallel guesses cannot slip through between a check and a write.
   */
  reserve(e164: string): Promise<void>;
  /** A successful sign-in forgives the earlier failures. */
  clear(e164: string): Promise<void>;
}

const MAX_WRITE_ATTEMPTS = 10;

export function createSignInThrottle(db: PouchDB.Database, options: { maxAttempts: number; windowSeconds: number }): SignInThrottle {
  const windowMs = options.windowSeconds * 1000;
  // Hashed: a deleted document leaves its id behind as a tombstone, and the id must not be a
  // phone number of someone who merely tried to sign in.
  const idOf = (e164: string) => `phone:${createHash('sha256').update(e164).digest('hex')}`;

  return {
    async reserve(e164) {
      for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
        const now = Date.now();
        const current = await getOrNull<AttemptsDoc>(db, idOf(e164));
        const recent = (current?.attempts ?? []).filter((time) => time > now - windowMs);
        if (recent.length >= options.maxAttempts) {
          // The window frees up when the attempt that filled it to the limit grows old enough.
          const oldestCounting = recent[recent.length - options.maxAttempts] ?? now;
          const retryAfterSeconds = Math.max(1, Math.ceil((oldestCounting + windowMs - now) / 1000));
          throw new HttpError(429, 'too_many_attempts', { retryAfterSeconds });
        }
        const next: AttemptsDoc = {
          _id: idOf(e164),
          ...(current ? { _rev: current._rev } : {}),
          type: 'sign_in_attempts',
          attempts: [...recent, now],
          expiresAt: new Date(now + windowMs).toISOString(),
        };
        if (await putUnlessConflict(db, next)) return;
      }
      // Constant contention on one phone number is itself an attack.
      throw new HttpError(429, 'too_many_attempts', { retryAfterSeconds: 1 });
    },

    async clear(e164) {
      const current = await getOrNull<AttemptsDoc>(db, idOf(e164));
      if (current) await db.remove(current._id, current._rev).catch(() => undefined);
    },
  };
}
