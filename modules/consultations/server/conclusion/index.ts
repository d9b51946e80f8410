import { createHash } from 'node:crypto';
import {
  applyTransition,
  checkParty,
  CONSULTATION_ERROR_CODES,
  consultationErrorMessage,
  DOC_ID_PATTERN,
  docId,
  formatInZone,
  isRefused,
  partitionOf,
  TRANSITIONS,
  type ConsultationActor,
  type ConsultationErrorCode,
  type Language,
} from '@oblako/domain';
import { currentUser, HttpError, requestLanguage, type FastifyInstance, type FastifyReply, type FastifyRequest, type onRequestAsyncHookHandler } from '@oblako/server-kit';
import { CONCLUSION_DOCUMENT_PREFIX, CONSULTATION_CONCLUSION_TYPE } from '../../../documents/schema';
import { storeServerBlob, writeServerDocument } from '../../../documents/server/server-documents';
import { SerialByKey } from '../../../documents/server/serial';
import { CONCLUSION_LIMITS, CONSULTATIONS_API, ICD10_PATTERN, type ConclusionRequest, type ConclusionResult } from '../../api';
import { specialtyLabel } from '../../specialties';
import { refusalError, type ConsultationService } from '../consultation-service';
import { renderConclusionPdf } from './pdf';
import { CONCLUSIONS_DB, readConclusion, writeConclusion, type StoredConclusion } from './records';
import { signatureLine, UnsignedConclusions, type ConclusionSigner, type SignatureOutcome } from './signer';

export { CONCLUSIONS_DB, type StoredConclusion } from './records';
export { UnsignedConclusions, type ConclusionSigner, type CertificateInfo, type SignatureOutcome } from './signer';
export { renderConclusionPdf, CONCLUSION_TITLE, LEGAL_NOTE, type ConclusionPdfContent } from './pdf';

/** The part of the consultation service the conclusion uses (tests may pass a stand-in). */
export type ConsultationTransitions = Pick<ConsultationService, 'get' | 'transition'>;

export interface ConclusionDeps {
  consultations: ConsultationTransitions;
  /** The UKEP signature service; default: none (conclusions are issued `unsigned`). */
  signer?: ConclusionSigner;
}

export const SERVICE_NAME = 'Облако здоровья — сервис телемедицинских консультаций';
/** The zone used when the patient's profile names none (or an unknown one). */
const FALLBACK_ZONE = 'Europe/Moscow';
const PROFILES_DB = 'profiles';

/** Our own refusal codes (the rest are the state machine's ConsultationErrorCode values). */
const OWN_MESSAGES: Record<string, Record<Language, string>> = {
  conclusion_already_issued: {
    ru: 'Заключение по этой консультации уже выдано. Оно есть в документах пациента.',
    en: "The conclusion of this consultation has already been issued. It is in the patient's documents.",
  },
  not_found: { ru: 'Консультация не найдена.', en: 'Consultation not found.' },
};

const FIELD_MESSAGES: Record<string, Record<Language, string>> = {
  diagnosis: { ru: 'Укажите диагноз.', en: 'Please enter the diagnosis.' },
  icd10: { ru: 'Укажите код диагноза по МКБ-10: буква и две цифры, например I25 или I25.1.', en: 'Enter the ICD-10 code: a letter and two digits, e.g. I25 or I25.1.' },
  complaints: { ru: `Жалобы: не больше ${CONCLUSION_LIMITS.complaints} символов.`, en: `Complaints: at most ${CONCLUSION_LIMITS.complaints} characters.` },
  findings: { ru: `Данные обследования: не больше ${CONCLUSION_LIMITS.findings} символов.`, en: `Findings: at most ${CONCLUSION_LIMITS.findings} characters.` },
  recommendations: { ru: `Рекомендации: не больше ${CONCLUSION_LIMITS.recommendations} символов.`, en: `Recommendations: at most ${CONCLUSION_LIMITS.recommendations} characters.` },
};
const DIAGNOSIS_TOO_LONG: Record<Language, string> = {
  ru: `Диагноз: не больше ${CONCLUSION_LIMITS.diagnosis} символов.`,
  en: `Diagnosis: at most ${CONCLUSION_LIMITS.diagnosis} characters.`,
};

const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;
const bodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['diagnosis', 'icd10'],
  properties: {
    complaints: text(CONCLUSION_LIMITS.complaints),
    findings: text(CONCLUSION_LIMITS.findings),
    diagnosis: { type: 'string', minLength: 1, maxLength: CONCLUSION_LIMITS.diagnosis },
    icd10: { type: 'string', pattern: ICD10_PATTERN.source, maxLength: 8 },
    recommendations: text(CONCLUSION_LIMITS.recommendations),
  },
} as const;

/** A refusal with the state machine's code (or ours), answered with its message in the caller's language. */
class ConclusionRefusal extends Error {
  constructor(readonly statusCode: number, readonly code: string, readonly field?: string) {
    super(code);
  }
}


/**
 * POST /api/consultations/<id>/conclusion (ConclusionRequest → ConclusionResult): the doctor who
 * holds a consultation in state `held` issues the consultant's conclusion. The server renders
 * the PDF (pdfkit, DejaVu Sans embedded), asks the signer for a UKEP signature (none by
 * default), stores it as the patient's `consultation_conclusion` document with the same records
 * a patient upload leaves, keeps the structured conclusion in the server-only `conclusions`
 * database, then applies `issue_conclusion` through the consultation service (the state machine
 * with the server's context; the patient is notified). Retrying while the consultation is still
 * `held` rewrites the same document; once it is `done`, 409 `conclusion_already_issued`.
 */
export async function registerConclusion(app: FastifyInstance, deps: ConclusionDeps): Promise<void> {
  const { consultations } = deps;
  const signer = deps.signer ?? new UnsignedConclusions();
  const serial = new SerialByKey();
  const conclusions = app.store.db(CONCLUSIONS_DB);

  app.post<{ Params: { id: string }; Body: ConclusionRequest }>(`${CONSULTATIONS_API.base}/:id/conclusion`, {
    onRequest: app.authenticate as onRequestAsyncHookHandler,
    schema: {
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: DOC_ID_PATTERN.source, maxLength: 170 } } },
      body: bodySchema,
    },
    // Tidy what people type before the schema judges it: spaces around, a lower-case ICD-10 letter.
    preValidation: async (request) => {
      const body = request.body as unknown as Record<string, unknown> | undefined;
      if (!body || typeof body !== 'object') return;
      for (const key of Object.keys(bodySchema.properties)) {
        if (typeof body[key] === 'string') body[key] = (body[key] as string).trim();
      }
      if (typeof body['icd10'] === 'string') body['icd10'] = (body['icd10'] as string).toUpperCase().replace(/[\s,]/g, (c) => (c === ',' ? '.' : ''));
    },
    errorHandler: (error, request, reply) => answerError(error, request, reply),
  }, async (request): Promise<ConclusionResult> => {
    const user = currentUser(request);
    const consultationId = request.params.id;
    const patientId = partitionOf(consultationId);
    if (!patientId) throw new ConclusionRefusal(404, 'not_found');
    const fields: ConclusionRequest = {
      complaints: request.body.complaints ?? '',
      findings: request.body.findings ?? '',
      diagnosis: request.body.diagnosis,
      icd10: request.body.icd10,
      recommendations: request.body.recommendations ?? '',
    };
    const actor: ConsultationActor = { id: user.id, role: user.role };
    return serial.run(consultationId, () => issue(consultationId, patientId, actor, user.name, fields));
  });

  async function issue(consultationId: string, patientId: string, actor: ConsultationActor, userName: string, fields: ConclusionRequest): Promise<ConclusionResult> {
    const consultation = await consultations.get(consultationId);
    if (!consultation || consultation.patientId !== patientId) throw new ConclusionRefusal(404, 'not_found');
    const party = checkParty(TRANSITIONS.issue_conclusion, consultation, actor);
    if (party) throw refusalError(party.code, party.field);
    if (consultation.status === 'done') throw new ConclusionRefusal(409, 'conclusion_already_issued');

    const documentId = conclusionDocumentId(consultationId, patientId);
    // The state machine decides before anything is written (a conclusion before the call: invalid_transition).
    const dryRun = applyTransition(consultation, { transition: 'issue_conclusion', conclusionId: documentId }, actor, { now: new Date() });
    if (isRefused(dryRun)) throw refusalError(dryRun.error, dryRun.field);

    const issuedAt = new Date();
    const issuedBy = { id: actor.id, name: (await app.accounts.get(actor.id))?.name ?? userName };
    const patient = await patientOf(patientId);
    const specialty = specialtyLabel(consultation.specialty, 'ru');
    const heldAt = consultation.slot?.start ?? consultation.startedAt ?? consultation.heldAt ?? issuedAt.toISOString();
    const local = consultationId.slice(patientId.length + 1);

    const certificate = await signer.certificateOf(issuedBy).catch(() => null);
    const render = (line: string) =>
      renderConclusionPdf({
        serviceName: SERVICE_NAME,
        number: local,
        patientName: patient.name,
        patientBirthDate: patient.birthDate,
        specialty,
        doctorName: issuedBy.name,
        consultationTime: formatInZone(heldAt, patient.zone, 'ru'),
        ...fields,
        issuedAt: formatInZone(issuedAt, patient.zone, 'ru'),
        issuedAtDate: issuedAt,
        signatureLine: line,
      });
    let pdf = await render(signatureLine(certificate));
    let outcome: SignatureOutcome = certificate
      ? await signer.sign(pdf, issuedBy).catch((error: unknown) => ({ state: 'unsigned' as const, reason: 'failed' as const, detail: String(error) }))
      : { state: 'unsigned', reason: 'not_configured' };
    if (certificate && outcome.state === 'unsigned') pdf = await render(signatureLine(null));

    const date = dateInZone(issuedAt, patient.zone);
    const fileId = conclusionFileId(consultationId);
    const written = await writeServerDocument(app, {
      patientId,
      documentId,
      type: CONSULTATION_CONCLUSION_TYPE,
      date,
      note: `${specialty}. Врач-консультант: ${issuedBy.name}. ${signatureLine(outcome.state === 'signed' ? outcome.certificate : null)}.`,
      file: { fileId, name: `Заключение_${date}.pdf`, mime: 'application/pdf', bytes: pdf },
    });
    let signature: StoredConclusion['signature'];
    if (outcome.state === 'signed') {
      const signatureKey = `${fileId}-sig`;
      await storeServerBlob(app, patientId, signatureKey, outcome.signature);
      signature = { state: 'signed', signedAt: outcome.signedAt, certificate: outcome.certificate, signatureKey };
    } else {
      signature = { state: 'unsigned', reason: outcome.reason, ...(outcome.detail ? { detail: outcome.detail } : {}) };
    }
    const record: Omit<StoredConclusion, '_rev'> = {
      _id: consultationId,
      consultationId,
      patientId,
      documentId,
      fileId,
      sha256: written.sha256,
      size: written.size,
      fields,
      specialty: consultation.specialty,
      issuedBy,
      issuedAt: issuedAt.toISOString(),
      status: 'issuing',
      signature,
    };
    await writeConclusion(conclusions, record);
    await consultations.transition(consultationId, actor, { transition: 'issue_conclusion', conclusionId: documentId });
    await writeConclusion(conclusions, { ...record, status: 'issued' });
    app.log.info({ consultationId, documentId, signature: signature.state }, 'consultant conclusion issued');
    return { documentId, fileId, issuedAt: record.issuedAt, issuedBy, signature: signature.state };
  }

  async function patientOf(patientId: string): Promise<{ name: string; birthDate: string; zone: string }> {
    let profile: Record<string, unknown> | null = null;
    try {
      profile = (await app.store.db(PROFILES_DB).get(docId(patientId, 'profile'))) as unknown as Record<string, unknown>;
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
    const account = await app.accounts.get(patientId);
    const name = stringOr(profile?.['fullName'], '') || account?.name || '';
    const birth = stringOr(profile?.['birthDate'], '');
    const zone = validZone(stringOr(profile?.['timeZone'], '')) ?? FALLBACK_ZONE;
    return { name, birthDate: birth ? birthDateText(birth) : '', zone };
  }
}

/** The structured conclusion of a consultation (server-only), e.g. for a signing job. */
export function storedConclusion(app: FastifyInstance, consultationId: string): Promise<StoredConclusion | null> {
  return readConclusion(app.store.db(CONCLUSIONS_DB), consultationId);
}

/** `<patientId>:conclusion-<consultation local id>` (hashed when that would be too long for an id). */
export function conclusionDocumentId(consultationId: string, patientId: string): string {
  const local = `${CONCLUSION_DOCUMENT_PREFIX}${consultationId.slice(patientId.length + 1)}`;
  return docId(patientId, local.length <= 100 ? local : `${CONCLUSION_DOCUMENT_PREFIX}${hash(consultationId).slice(0, 40)}`);
}

/** One file id per consultation, so a retry replaces the same file. */
export function conclusionFileId(consultationId: string): string {
  return `conclusion-${hash(consultationId).slice(0, 32)}`;
}

function hash(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function validZone(zone: string): string | null {
  if (!zone) return null;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return null;
  }
}

/** YYYY-MM-DD of an instant in a zone. */
function dateInZone(at: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** «12 марта 1961 г.» from YYYY-MM-DD (a calendar date: no zone). */
function birthDateText(date: string): string {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return date;
  return new Intl.DateTimeFormat('ru-RU', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(parsed);
}

/** Refusals and validation errors of this route with messages a doctor can act on; anything else to the server's handler. */
function answerError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const language = requestLanguage(request);
  const thrown = error as { validation?: { instancePath: string; keyword: string; params?: Record<string, unknown> }[]; validationContext?: string; statusCode?: number; code?: string; field?: string };
  if (thrown.validation && thrown.validationContext === 'body') {
    const first = thrown.validation[0];
    const missing = first?.params?.['missingProperty'];
    const field = typeof missing === 'string' ? missing : (first?.instancePath.replace(/^\//, '') ?? '');
    const message = field === 'diagnosis' && first?.keyword === 'maxLength' ? DIAGNOSIS_TOO_LONG[language] : (FIELD_MESSAGES[field]?.[language] ?? errorText(language));
    return reply.code(400).send({ code: 'validation', message, ...(field ? { field } : {}) });
  }
  const code = thrown.code;
  const known = typeof code === 'string' && (code in OWN_MESSAGES || (CONSULTATION_ERROR_CODES as readonly string[]).includes(code));
  if (known && (error instanceof ConclusionRefusal || error instanceof HttpError || typeof thrown.statusCode === 'number')) {
    const status = typeof thrown.statusCode === 'number' && thrown.statusCode >= 400 ? thrown.statusCode : 400;
    const message = OWN_MESSAGES[code]?.[language] ?? consultationErrorMessage(code as ConsultationErrorCode, language);
    return reply.code(status).send({ code, message, ...(thrown.field ? { field: thrown.field } : {}) });
  }
  throw error;
}

function errorText(language: Language): string {
  return language === 'en' ? 'Please check the data you entered.' : 'Проверьте введённые данные.';
}
