import { docId, referralKey, type ExistingFacts } from '@oblako/domain';
import { readMany, type FastifyInstance } from '@oblako/server-kit';
import { REFERRALS_COLLECTION, REFERRAL_LOCAL_PREFIX } from '../referral-schema';
import type { TableRow } from './rows';

export function referralDocId(patientId: string, key: string): string {
  return docId(patientId, `${REFERRAL_LOCAL_PREFIX}${key}`);
}

/**
 * What the store knows about the rows' phones and referrals: whose account a phone is, and
 * whether a referral with the row's idempotency key is already stored for that patient. Read
 * in bulk (5,000 rows = 5,000 phones), and read again at commit time.
 */
export async function existingFacts(app: FastifyInstance, rows: readonly TableRow[]): Promise<Map<string, ExistingFacts>> {
  const phones = [...new Set(rows.map((row) => row.values.phone).filter(Boolean))];
  const accounts = await app.accounts.findManyByPhone(phones);
  const candidates = rows.flatMap((row) => {
    const account = accounts.get(row.values.phone);
    return account && account.role === 'patient' ? [{ row, id: referralDocId(account.id, referralKey(row.values)) }] : [];
  });
  const stored = await readMany(app.store.db(REFERRALS_COLLECTION), candidates.map((candidate) => candidate.id));
  const facts = new Map<string, ExistingFacts>();
  for (const row of rows) {
    const account = accounts.get(row.values.phone);
    if (!account) continue;
    facts.set(row.rowId, { account: { id: account.id, role: account.role, name: account.name } });
  }
  for (const candidate of candidates) {
    if (stored.has(candidate.id)) facts.set(candidate.row.rowId, { ...facts.get(candidate.row.rowId), referralExists: true });
  }
  return facts;
}
