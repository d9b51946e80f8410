import { getOrNull } from '../store/single';

/**
 * How long this process trusts "this session is not revoked" before asking the store again.
 * A sign-out or a refresh-token reuse made on THIS instance takes effect at once (the cache is
 * told); one made on another instance is normally learnt at once too, from the store's change
 * feed of `sessions` (auth/index.ts), and at the latest this long after when that feed lags or
 * restarts. Five seconds keeps the store read to one per session per five seconds (a busy
 * device sends several requests a second) while a stolen token outlives its sign-out on another
 * instance by no more than that.
 */
export const REVOCATION_CACHE_MS = 5_000;

/** Beyond this many cached sessions, entries past their time are dropped (memory stays flat). */
const PRUNE_ABOVE = 10_000;

/** Written once per ended session family (fixed id, so concurrent revocations agree). */
export interface FamilyRevocationDoc {
  _id: string;
  type: 'family_revocation';
  accountId: string;
  reason: 'sign_out' | 'reuse';
  revokedAt: string;
  /** Kept until every token of the family has expired anyway. */
  expiresAt: string;
}

export const REVOKED_PREFIX = 'revoked:';

export interface SessionRevocations {
  /** True when the session family (an access token's `sid`) has been ended: sign-out or reuse. */
  isRevoked(sid: string): Promise<boolean>;
  /**
   * The family was revoked (by this process, or seen in the store's change feed): its access
   * tokens stop here at once, not after the cache time.
   */
  markRevoked(sid: string): void;
  /**
   * An account changed (disabled, signed out everywhere, new password, role): seen in the store's
   * feed of `users`, so waiting longpolls of that person re-check their session at once.
   */
  accountChanged(accountId: string): void;
  /** Calls the listener when this process learns a session may have ended (to end its waiting longpolls). */
  watch(listener: (ended: SessionEnd) => void): () => void;
  /**
   * How many times listeners have been told so far. A check made when this was `n` may have
   * missed only what is told after: a waiting longpoll that starts watching later compares.
   */
  readonly told: number;
}

/** A revoked session family, or an account whose sessions may have ended (re-check it). */
export type SessionEnd = { sid: string } | { accountId: string };

interface CacheEntry {
  revoked: boolean;
  /** Until when the entry may be used (a revocation is final: kept for an access token's lifetime). */
  until: number;
}

/**
 * Session revocations as kept in the store (`sessions`, `revoked:<familyId>`), read through a
 * short per-process cache. Stateless enough for several instances: nothing here is needed by
 * another instance, which reads the same documents.
 */
export function createSessionRevocations(sessions: PouchDB.Database, options: { accessTokenTtlSeconds: number; cacheMs?: number }): SessionRevocations {
  const cacheMs = options.cacheMs ?? REVOCATION_CACHE_MS;
  const revokedForMs = options.accessTokenTtlSeconds * 1000 + cacheMs;
  const cache = new Map<string, CacheEntry>();
  const listeners = new Set<(ended: SessionEnd) => void>();
  let told = 0;
  const tell = (ended: SessionEnd) => {
    told++;
    for (const listener of listeners) listener(ended);
  };

  const prune = (now: number) => {
    if (cache.size <= PRUNE_ABOVE) return;
    for (const [sid, entry] of cache) if (entry.until <= now) cache.delete(sid);
  };

  const markRevoked = (sid: string) => {
    const known = cache.get(sid)?.revoked === true;
    cache.set(sid, { revoked: true, until: Date.now() + revokedForMs });
    if (!known) tell({ sid });
  };

  return {
    async isRevoked(sid) {
      const now = Date.now();
      const cached = cache.get(sid);
      if (cached && cached.until > now) return cached.revoked;
      const revocation = await getOrNull<FamilyRevocationDoc>(sessions, REVOKED_PREFIX + sid);
      // Revoked here while the store was being read: the older "not revoked" must not win.
      if (cache.get(sid)?.revoked === true) return true;
      if (revocation) {
        markRevoked(sid);
        return true;
      }
      prune(now);
      cache.set(sid, { revoked: false, until: now + cacheMs });
      return false;
    },
    markRevoked,
    accountChanged(accountId) {
      tell({ accountId });
    },
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get told() {
      return told;
    },
  };
}
