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

export interface Consents {
  /** The acceptance of the current version, or null. */
  current(userId: string): Promise<ConsentDoc | null>;
  hasAccepted(userId: string): Promise<boolean>;
  /** Records acceptance of the current version; accepting twice keeps the first record. */
  accept(userId: string, evidence: ConsentEvidence): Promise<ConsentDoc>;
}

export const CONSENT_TEXT_SHA256 = createHash('sha256').update(CONSENT_TEXT.ru.join('\n')).digest('hex');

const consentId = (userId: string, version: string): string => `consent:${userId}:${version}`;

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
  };
}
