import { HttpError, readMany, writeMany, assertWritten, type AccountDetails, type FastifyInstance } from '@oblako/server-kit';
import type { ImportCounts } from '../api';
import { REFERRALS_COLLECTION } from '../referral-schema';
import { credentialsMessage } from './credentials';
import { existingFacts } from './facts';
import { chunk, journalId, planId } from './imports-db';
import { planImport, type ImportPlan, type PlannedAccount, type ReferralDoc, type StoredReportRow } from './plan';
import { assess } from './present';
import { loadPreview } from './previews';

/**
 * The all-or-nothing import. CouchDB has no transactions, so the import is a journal (a state
 * machine in one document with a fixed id) plus deterministic ids for everything it writes:
 *
 *   1. plan     decide every account, referral and SMS; store the plan next to the journal;
 *   2. writing  journal `writing` (with a lease), then the only step that can meet a competitor:
 *               claim the phones and write the new accounts, tagged with the import id —
 *               unusable (no password) and unseen (no profile, no SMS) while tagged;
 *   3. commit   journal `committed`: the commit point;
 *   4. finish   referrals (id = patient + idempotency key), profiles (the accounts' onCreated
 *               listeners) and the SMS (id from account + purpose) —
 *               each idempotent, so repeating this step after a crash writes nothing twice;
 *               journal `done`.
 *
 * A failure before the commit point rolls back: the tagged accounts and their phone claims are
 * deleted (journal `rolled_back`); nothing else was written. A failure after it is finished by
 * the next attempt: the same commit request, the recovery run at start and every minute, on any
 * instance. A crash during `writing` leaves the lease to run out; recovery then rolls back.
 */
export type JournalState = 'writing' | 'committed' | 'done' | 'rolled_back';

export interface JournalDoc {
  _id: string;
  _rev?: string;
  type: 'import_journal';
  importId: string;
  state: JournalState;
  committedBy: string;
  startedAt: string;
  committedAt?: string;
  finishedAt?: string;
  leaseUntil: string;
  chunks: number;
  fileNames: string[];
  counts: ImportCounts;
}

interface PlanChunkDoc {
  _id: string;
  _rev?: string;
  type: 'import_plan';
  importId: string;
  accounts: PlannedAccount[];
  referrals: ReferralDoc[];
  report: StoredReportRow[];
}

/** Test seams (fault injection); the plugin in production has none. */
export interface CommitFaults {
  /** After the accounts are written, before the commit point. */
  afterAccounts?: (importId: string) => Promise<void>;
  /** After the commit point, before referrals, profiles and SMS. */
  afterCommitPoint?: (importId: string) => Promise<void>;
}

/** Thrown by a fault to play a process dying: no rollback happens (the lease must run out). */
export class SimulatedCrash extends Error {
  override name = 'SimulatedCrash';
}

export interface ImportService {
  commit(previewId: string, excludedRows: readonly string[], committedBy: string): Promise<JournalDoc>;
  /** Rolls back stale `writing` journals and finishes `committed` ones. */
  recover(): Promise<void>;
  journal(importId: string): Promise<JournalDoc | null>;
  journals(): Promise<JournalDoc[]>;
  reportRows(journal: JournalDoc): Promise<StoredReportRow[]>;
}

export function createImportService(app: FastifyInstance, db: PouchDB.Database, options: { leaseMs: number; faults?: CommitFaults }): ImportService {
  const referrals = app.store.db(REFERRALS_COLLECTION);

  const getJournal = async (importId: string): Promise<JournalDoc | null> =>
    (await readMany<JournalDoc>(db, [journalId(importId)])).get(journalId(importId)) ?? null;

  /** Writes the journal with its revision as a lock: null when someone else changed it. */
  const saveJournal = async (journal: JournalDoc): Promise<JournalDoc | null> => {
    try {
      const result = await db.put(journal);
      return { ...journal, _rev: result.rev };
    } catch (error) {
      if ((error as { status?: number }).status === 409) return null;
      throw error;
    }
  };

  const loadPlan = async (journal: JournalDoc): Promise<PlanChunkDoc[]> => {
    const ids = Array.from({ length: journal.chunks }, (_, index) => planId(journal.importId, index));
    const found = await readMany<PlanChunkDoc>(db, ids);
    if (found.size !== ids.length) throw new Error(`Import ${journal.importId}: plan incomplete`);
    return ids.map((id) => found.get(id)!);
  };

  const savePlan = async (importId: string, plan: ImportPlan): Promise<number> => {
    const accounts = chunk(plan.accounts);
    const referralChunks = chunk(plan.referrals);
    const report = chunk(plan.report);
    const count = Math.max(1, accounts.length, referralChunks.length, report.length);
    const ids = Array.from({ length: count }, (_, index) => planId(importId, index));
    const previous = await readMany(db, ids); // left by an attempt that was rolled back
    const docs: PlanChunkDoc[] = ids.map((id, index) => ({
      _id: id,
      ...(previous.get(id) ? { _rev: previous.get(id)!._rev } : {}),
      type: 'import_plan',
      importId,
      accounts: accounts[index] ?? [],
      referrals: referralChunks[index] ?? [],
      report: report[index] ?? [],
    }));
    assertWritten(await writeMany(db, docs), 'the import plan');
    return count;
  };

  const rollBack = async (journal: JournalDoc): Promise<void> => {
    const plan = await loadPlan(journal).catch(() => [] as PlanChunkDoc[]);
    await app.accounts.discardPending(plan.flatMap((part) => part.accounts), journal.importId);
    const saved = await saveJournal({ ...journal, state: 'rolled_back', finishedAt: new Date().toISOString() });
    app.log.warn({ importId: journal.importId, recorded: saved !== null }, 'import rolled back');
  };

  const finish = async (journal: JournalDoc): Promise<JournalDoc> => {
    const plan = await loadPlan(journal);
    const accounts = plan.flatMap((part) => part.accounts);
    const referralDocs = plan.flatMap((part) => part.referrals);
    const details = new Map<string, AccountDetails>(accounts.map((account) => [account.id, {
      ...(account.birthDate ? { birthDate: account.birthDate } : {}),
      // The region's zone instead of Moscow: the first sign-in then asks only on a device elsewhere.
      ...(account.region ? { region: account.region } : {}),
      ...(account.timeZone ? { timeZone: account.timeZone } : {}),
    }]));
    // Independent and idempotent (a conflict is this import's earlier attempt), so side by side.
    await Promise.all([
      writeMany(referrals, referralDocs).then((outcomes) => assertWritten(outcomes, 'referrals')),
      app.accounts.confirmPending(accounts.map((account) => ({ id: account.id, role: 'patient', phone: account.phone, name: account.name })), journal.importId, details),
      app.sms.enqueueMany(accounts.map((account) => ({ ...credentialsMessage(account.id, 1, journal.importId), to: account.phone }))),
    ]);
    const done = await saveJournal({ ...journal, state: 'done', finishedAt: new Date().toISOString() });
    app.log.info({ importId: journal.importId, ...journal.counts }, 'import finished');
    return done ?? (await getJournal(journal.importId))!;
  };

  const leaseExpired = (journal: JournalDoc) => journal.leaseUntil <= new Date().toISOString();

  return {
    async commit(previewId, excludedRows, committedBy) {
      const importId = previewId;
      let existing = await getJournal(importId);
      if (existing?.state === 'done') return existing;
      if (existing?.state === 'committed') return finish(existing);
      if (existing?.state === 'writing') {
        if (!leaseExpired(existing)) throw new HttpError(409, 'import_in_progress');
        await rollBack(existing);
        existing = await getJournal(importId);
      }

        const preview = await loadPreview(db, previewId);
      const known = new Set(preview.rows.map((row) => row.rowId));
      const unknown = excludedRows.find((rowId) => !known.has(rowId));
      if (unknown) throw new HttpError(400, 'validation', { field: 'excludedRows', reason: `No row ${unknown} in this preview` });
      const facts = await existingFacts(app, preview.rows);
      const assessments = assess(preview.rows, facts, new Set(excludedRows));
      const plan = planImport(importId, preview, assessments, (rowId) => facts.get(rowId)?.account?.id, committedBy);
      const chunks = await savePlan(importId, plan);

      const now = new Date();
      let journal = await saveJournal({
        _id: journalId(importId),
        ...(existing?._rev ? { _rev: existing._rev } : {}),
        type: 'import_journal',
        importId,
        state: 'writing',
        committedBy,
        startedAt: now.toISOString(),
        leaseUntil: new Date(now.getTime() + options.leaseMs).toISOString(),
        chunks,
        fileNames: preview.files.map((file) => file.name),
        counts: plan.counts,
      });
      if (!journal) throw new HttpError(409, 'import_in_progress');

      try {
        const results = await app.accounts.createPending(plan.accounts.map((account) => ({ id: account.id, role: 'patient', phone: account.phone, name: account.name })), importId);
        if ([...results.values()].includes('phone_taken')) throw new HttpError(409, 'import_conflict');
        await options.faults?.afterAccounts?.(importId);
        journal = await saveJournal({ ...journal, state: 'committed', committedAt: new Date().toISOString() });
        if (!journal) throw new Error('The import journal changed under the commit');
      } catch (error) {
        if (error instanceof SimulatedCrash) throw error;
        await rollBack((await getJournal(importId)) ?? journal!);
        throw error;
      }
      await options.faults?.afterCommitPoint?.(importId);
      return finish(journal);
    },

    async recover() {
      const result = await db.allDocs({ startkey: 'import:', endkey: 'import:\uffff', include_docs: true });
      for (const row of result.rows) {
        const journal = row.doc as unknown as JournalDoc;
        try {
          if (journal.state === 'committed') await finish(journal);
          else if (journal.state === 'writing' && leaseExpired(journal)) await rollBack(journal);
        } catch (error) {
          app.log.warn({ err: error, importId: journal.importId }, 'import recovery failed; will retry');
        }
      }
    },

    journal: getJournal,

    async journals() {
      const result = await db.allDocs({ startkey: 'import:', endkey: 'import:\uffff', include_docs: true });
      return result.rows.map((row) => row.doc as unknown as JournalDoc);
    },

    async reportRows(journal) {
      return (await loadPlan(journal)).flatMap((part) => part.report);
    },
  };
}
