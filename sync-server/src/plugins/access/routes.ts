import type { FastifyInstance } from 'fastify';
import { USER_ID_PATTERN, type Role } from '@oblako/domain';
import { HttpError } from '../errors/index';
import { currentUser } from '../auth/index';
import type { Access } from './types';

const userId = { type: 'string', pattern: USER_ID_PATTERN.source } as const;

const pairSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['doctorId', 'patientId'],
  properties: { doctorId: userId, patientId: userId },
} as const;

interface Pair {
  doctorId: string;
  patientId: string;
}

/** Managers and admins assign doctors to patients; every change is audited in the assignment. */
export async function assignmentRoutes(app: FastifyInstance, access: Access): Promise<void> {
  const guard = [app.authenticate, app.requireRole('manager', 'admin')];

  /** Both accounts must exist with the right role: an assignment to a typo would grant nothing and hide the mistake. */
  const ensureAccounts = async ({ doctorId, patientId }: Pair): Promise<void> => {
    await ensureRole(app, doctorId, 'doctor', 'doctorId');
    await ensureRole(app, patientId, 'patient', 'patientId');
  };

  app.post<{ Body: Pair }>(
    '/api/admin/assignments',
    { preHandler: guard, schema: { body: pairSchema } },
    async (request) => {
      await ensureAccounts(request.body);
      const { doctorId, patientId } = request.body;
      await access.assign(doctorId, patientId, currentUser(request).id);
      request.log.info({ doctorId, patientId }, 'doctor assigned to patient');
      return { doctorId, patientId, active: true };
    },
  );

  app.delete<{ Params: Pair }>(
    '/api/admin/assignments/:doctorId/:patientId',
    { preHandler: guard, schema: { params: pairSchema } },
    async (request, reply) => {
      await ensureAccounts(request.params);
      const { doctorId, patientId } = request.params;
      await access.revoke(doctorId, patientId, currentUser(request).id);
      request.log.info({ doctorId, patientId }, 'doctor assignment revoked');
      return reply.code(204).send();
    },
  );
}

async function ensureRole(app: FastifyInstance, id: string, role: Role, field: string): Promise<void> {
  const account = await app.accounts.get(id);
  if (!account || account.role !== role) {
    throw new HttpError(404, 'not_found', { field, reason: `No ${role} account with this id` });
  }
}
