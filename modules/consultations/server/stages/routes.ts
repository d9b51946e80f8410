import { PATIENT_STAGES, type PatientStage } from '@oblako/domain';
import { currentUser, HttpError, type FastifyInstance } from '@oblako/server-kit';
import { CONSULTATIONS_API, STAGE_SORTS, STAGES_PAGE, type StageSort, type StagesPage } from '../../api';
import { createStageFacts } from './facts';
import { decodeCursor, stagesPage } from './page';

const STAGE_LIST = `^(${PATIENT_STAGES.join('|')})(,(${PATIENT_STAGES.join('|')}))*$`;

export const stagesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: STAGES_PAGE.maxLimit, default: STAGES_PAGE.defaultLimit },
    cursor: { type: 'string', minLength: 1, maxLength: 400, pattern: '^[A-Za-z0-9_-]+$' },
    search: { type: 'string', maxLength: STAGES_PAGE.maxSearch },
    stages: { type: 'string', maxLength: 200, pattern: STAGE_LIST },
    overdueOnly: { type: 'boolean', default: false },
    sort: { type: 'string', enum: [...STAGE_SORTS], default: 'waited' },
  },
} as const;

interface StagesQuerystring {
  limit: number;
  cursor?: string;
  search?: string;
  stages?: string;
  overdueOnly: boolean;
  sort: StageSort;
}

/** How long one manager's repeated view of a patient in the list counts as one read. */
const AUDIT_COALESCE_SECONDS = 3600;

/**
 * «Пациенты по этапам» as paged server queries: the manager's device holds no patient data
 * (modules/admin/README.md), it asks for one page at a time.
 */
export function registerStagesRoutes(app: FastifyInstance): void {
  const managerOnly = [app.authenticate, app.requireRole('manager')];
  const facts = createStageFacts(app);

  app.get<{ Querystring: StagesQuerystring }>(CONSULTATIONS_API.stages, {
    preHandler: managerOnly,
    schema: { querystring: stagesQuery },
  }, async (request): Promise<StagesPage> => {
    const query = request.query;
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
    if (query.cursor !== undefined && after === null) throw new HttpError(400, 'validation', { field: 'cursor' });
    const page = stagesPage(await facts(), {
      limit: query.limit,
      after,
      search: query.search ?? '',
      stages: query.stages ? (query.stages.split(',') as PatientStage[]) : [],
      overdueOnly: query.overdueOnly,
      sort: query.sort,
    }, new Date().toISOString());
    // The manager saw these patients' names, phones and stages: a read of personal data by
    // staff, recorded per patient as the doctors' queue is (folded within an hour).
    const user = currentUser(request);
    await Promise.all(page.rows.map((row) => app.audit.record(
      { patientId: row.patientId, action: 'patients.read', actor: { id: user.id, role: user.role, name: user.name }, subject: { kind: 'stages', id: row.patientId }, ip: request.ip },
      { coalesceSeconds: AUDIT_COALESCE_SECONDS },
    )));
    return page;
  });
}
