import { createHash } from 'node:crypto';
import { CONSENT_TEXT, CONSENT_VERSION } from '@oblako/domain';
import type PouchDB from 'pouchdb-node';

/** One acceptance: who, which version of which text, when and from where (152-FZ evidence). */
export interface ConsentDoc {
  _id: string;
  _rev?: string;
  userId: string;
  version: string;
  /** sha-256 of the Russian text shown, so the record proves exactly what was accepted. */
  textSha256: string;
  acceptedAt: string;
  ip: string;
  userAgent: string;
}

export interface ConsentEvidence {
  ip: string;
  userAgent: string;
}

/** A withdrawn acceptance, kept as evidence of both steps (never deleted). */
export interface ConsentWithdrawalDoc extends Omit<ConsentDoc, '_id' | '_rev'> {
  _id: string;
  withdrawnAt: string;
  withdrawal: ConsentEvidence;
}

export interface Consents {
  /** The acceptance of the current version, or null. */
  current(userId: string): Promise<ConsentDoc | null>;
  hasAccepted(userId: string): Promise<boolean>;
  /** Records acceptance of the current version; accepting twice keeps the first record. */
  accept(userId: string, evidence: ConsentEvidence): Promise<ConsentDoc>;
  /**
   * Withdraws the current acceptance: a withdrawal record (the acceptance plus when and from
   * where it was withdrawn) is written first, then the acceptance stops counting. Null when
   * there was none to withdraw.
   */
  withdraw(userId: string, evidence: ConsentEvidence): Promise<ConsentWithdrawalDoc | null>;
  /** The latest withdrawal of the current version, or null. */
  lastWithdrawal(userId: string): Promise<ConsentWithdrawalDoc | null>;
}

export const CONSENT_TEXT_SHA256 = createHash('sha256').update(CONSENT_TEXT.ru.join('\n')).digest('hex');

const consentId = (userId: string, version: string): string => `consent:${userId}:${version}`;
/** Withdrawals sort by time under one prefix per person and version: the last one is found with one range read. */
const withdrawalPrefix = (userId: string, version: string): string => `withdrawal:${userId}:${version}:`;

export function createConsents(db: PouchDB.Database): Consents {
  const current = async (userId: string): Promise<ConsentDoc | null> => {
    try {
      return (await db.get(consentId(userId, CONSENT_VERSION))) as unknown as ConsentDoc;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return null;
      throw error;
    }
  };
  return {
    current,
    hasAccepted: async (userId) => (await current(userId)) !== null,
    async accept(userId, evidence) {
      const doc: ConsentDoc = {
        _id: consentId(userId, CONSENT_VERSION),
        userId,
        version: CONSENT_VERSION,
        textSha256: CONSENT_TEXT_SHA256,
        acceptedAt: new Date().toISOString(),
        ip: evidence.ip,
        userAgent: evidence.userAgent.slice(0, 500),
      };
      try {
        await db.put(doc);
        return doc;
      } catch (error) {
        // Two devices accepting at once: the first record is the evidence, the second changes nothing.
        if ((error as { status?: number }).status !== 409) throw error;
        return (await current(userId))!;
      }
    },
    async withdraw(userId, evidence) {
      const accepted = await current(userId);
      if (!accepted) return null;
      const withdrawnAt = new Date().toISOString();
      const { _id: acceptedId, _rev: acceptedRev, ...acceptance } = accepted;
      const record: ConsentWithdrawalDoc = {
        ...acceptance,
        _id: `${withdrawalPrefix(userId, accepted.version)}${withdrawnAt}`,
        withdrawnAt,
        withdrawal: { ip: evidence.ip, userAgent: evidence.userAgent.slice(0, 500) },
      };
      // The evidence first: should the second write fail, the consent still counts (nothing is
      // processed without it) and the withdrawal can be repeated.
      await db.put(record);
      try {
        await db.put({ _id: acceptedId, _rev: acceptedRev, _deleted: true });
      } catch (error) {
        // Withdrawn on two devices at once: the acceptance is gone either way.
        if ((error as { status?: number }).status !== 409) throw error;
      }
      return record;
    },
    async lastWithdrawal(userId) {
      const prefix = withdrawalPrefix(userId, CONSENT_VERSION);
      const result = await db.allDocs({ startkey: `${prefix}\ufff0`, endkey: prefix, descending: true, limit: 1, include_docs: true });
      return (result.rows[0]?.doc as unknown as ConsentWithdrawalDoc | undefined) ?? null;
    },
  };
}
