import { expiryDesignDoc, purgeExpired, currentUser, deployDesignDoc, requestLanguage, HttpError, type ModuleServerPlugin } from '@oblako/server-kit';
import { ADMIN_API, IMPORT_LIMITS, type CommitRequest, type PreviewRequest, type SmsList, type SmsMessageView } from '../api';
import { createImportService, type CommitFaults } from './commit';
import { credentialsPage, registerCredentialsPreparer, resendCredentials, smsStatus, type CredentialsFilter } from './credentials';
import { existingFacts } from './facts';
import { IMPORTS_DB } from './imports-db';
import { readTable, type ParsedFile } from './parse/index';
import { presentPreview } from './present';
import { loadPreview, savePreview } from './previews';
import { presentReport, rejectedCsv, summaryOf } from './report';
import { tableRows } from './rows';
import { commitBody, credentialsQuery, importParams, patientParams, previewBody, previewParams, resendBody, smsQuery } from './schemas';
import { referralTemplate } from './template';
import { registerStaffRoutes } from './staff/routes';

export interface AdminPluginOptions {
  /** How long a commit may take before another attempt treats it as crashed (default 2 min). */
  journalLeaseMs?: number;
  /** How often interrupted imports are looked for (default every minute). */
  recoveryIntervalMs?: number;
  faults?: CommitFaults;
}

const PURGE_INTERVAL_MS = 60 * 60 * 1000;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function attachment(asciiName: string, name: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * The manager's referral import, patients' credentials and the SMS log. Every route: managers
 * and admins only (401 without a session, 403 for anyone else), whatever the UI shows.
 */
export function createAdminPlugin(options: AdminPluginOptions = {}): ModuleServerPlugin {
  return async (app) => {
    const db = app.store.db(IMPORTS_DB);
    await deployDesignDoc(db, expiryDesignDoc);
    const imports = createImportService(app, db, { leaseMs: options.journalLeaseMs ?? 120_000, faults: options.faults });
    registerCredentialsPreparer(app);
    await registerStaffRoutes(app);

    let closing = false;
    const recovery = setInterval(() => {
      if (!closing) void imports.recover();
    }, options.recoveryIntervalMs ?? 60_000);
    recovery.unref();
    const purge = setInterval(() => {
      if (!closing) void purgeExpired(db).catch((error: unknown) => app.log.warn({ err: error }, 'purging import previews failed'));
    }, PURGE_INTERVAL_MS);
    purge.unref();
    app.addHook('onReady', async () => imports.recover());
    app.addHook('preClose', async () => {
      closing = true;
      clearInterval(recovery);
      clearInterval(purge);
    });

    const guard = [app.authenticate, app.requireRole('manager', 'admin')];

    app.post<{ Body: PreviewRequest }>(ADMIN_API.previews, {
      preHandler: guard,
      bodyLimit: IMPORT_LIMITS.maxRequestBytes,
      config: { rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: { body: previewBody },
    }, async (request) => {
      const user = currentUser(request);
      const parsed: ParsedFile[] = [];
      for (const file of request.body.files) {
        const bytes = Buffer.from(file.contentBase64, 'base64');
        parsed.push(bytes.length > IMPORT_LIMITS.maxFileBytes
          ? { name: file.name, sheets: [], problem: { code: 'import_file_too_large' } }
          : await readTable(file.name, bytes, IMPORT_LIMITS.maxRows));
      }
      const { files, rows } = tableRows(parsed);
      const preview = await savePreview(db, user.id, files, rows);
      request.log.info({ previewId: preview.id, files: files.length, rows: rows.length }, 'import previewed');
      const facts = await existingFacts(app, rows);
      const result = presentPreview(preview, facts, requestLanguage(request));
      return result;
    });

    app.get<{ Params: { previewId: string } }>('/api/admin/imports/previews/:previewId', {
      preHandler: guard,
      schema: { params: previewParams },
    }, async (request) => {
      const preview = await loadPreview(db, request.params.previewId);
      return presentPreview(preview, await existingFacts(app, preview.rows), requestLanguage(request));
    });

    app.post<{ Body: CommitRequest }>(ADMIN_API.commit, {
      preHandler: guard,
      bodyLimit: 2 * 1024 * 1024,
      schema: { body: commitBody },
    }, async (request) => {
      const user = currentUser(request);
      const journal = await imports.commit(request.body.previewId, request.body.excludedRows, user.id);
      return presentReport(journal, await imports.reportRows(journal), requestLanguage(request));
    });

    app.get(ADMIN_API.imports, { preHandler: guard }, async () => {
      const journals = (await imports.journals()).filter((journal) => journal.state === 'done' || journal.state === 'committed');
      return journals.map(summaryOf).sort((a, b) => b.committedAt.localeCompare(a.committedAt));
    });

    app.get(ADMIN_API.template, { preHandler: guard }, async (_request, reply) => {
      reply.type(XLSX_TYPE).header('content-disposition', attachment('oblako-referrals-template.xlsx', 'Шаблон направлений.xlsx'));
      return referralTemplate();
    });

    const committedJournal = async (importId: string) => {
      const journal = await imports.journal(importId);
      if (!journal || (journal.state !== 'done' && journal.state !== 'committed')) throw new HttpError(404, 'import_not_found');
      return journal;
    };

    app.get<{ Params: { importId: string } }>('/api/admin/imports/:importId', {
      preHandler: guard,
      schema: { params: importParams },
    }, async (request) => {
      const journal = await committedJournal(request.params.importId);
      return presentReport(journal, await imports.reportRows(journal), requestLanguage(request));
    });

    app.get<{ Params: { importId: string } }>('/api/admin/imports/:importId/rejected.csv', {
      preHandler: guard,
      schema: { params: importParams },
    }, async (request, reply) => {
      const journal = await committedJournal(request.params.importId);
      const language = requestLanguage(request);
      reply.type('text/csv; charset=utf-8').header('content-disposition', attachment(`rejected-${journal.importId.slice(0, 8)}.csv`, `Отклонённые строки ${journal.importId.slice(0, 8)}.csv`));
      return rejectedCsv(await imports.reportRows(journal), language);
    });

    app.get<{ Querystring: CredentialsFilter }>(ADMIN_API.credentials, {
      preHandler: guard,
      schema: { querystring: credentialsQuery },
    }, async (request) => {
      const page = await credentialsPage(app, request.query);
      // The manager saw these patients' names and phones: recorded as the stages list's rows are.
      const user = currentUser(request);
      await Promise.all(page.items.map((item) => app.audit.record(
        { patientId: item.patientId, action: 'patients.read', actor: { id: user.id, role: user.role, name: user.name }, subject: { kind: 'credentials', id: item.patientId }, ip: request.ip },
        { coalesceSeconds: 3600 },
      )));
      return page;
    });

    app.post<{ Params: { patientId: string } }>('/api/admin/credentials/:patientId/resend', {
      preHandler: guard,
      schema: { params: patientParams, body: resendBody },
    }, async (request) => {
      const result = await resendCredentials(app, request.params.patientId);
      request.log.info({ patientId: request.params.patientId, by: currentUser(request).id }, 'credentials resent');
      return result;
    });

    app.get<{ Querystring: { state?: 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled'; limit: number; before?: string } }>(ADMIN_API.sms, {
      preHandler: guard,
      schema: { querystring: smsQuery },
    }, async (request) => {
      const page = await app.sms.list({ limit: request.query.limit, ...(request.query.state ? { state: request.query.state } : {}), ...(request.query.before ? { before: request.query.before } : {}) });
      const list: SmsList = {
        provider: app.sms.provider,
        progress: await app.sms.progress(),
        messages: page.messages.map((view): SmsMessageView => ({
          ...smsStatus(view),
          to: view.to,
          purpose: view.purpose,
          ...(view.text !== undefined ? { text: view.text } : {}),
          ...(view.accountId ? { patientId: view.accountId } : {}),
        })),
        ...(page.nextBefore ? { nextBefore: page.nextBefore } : {}),
      };
      return list;
    });
  };
}

export default createAdminPlugin();
