import { currentUser, type FastifyInstance } from '@oblako/server-kit';
import { STAFF_API, type NewStaffMember } from '../../staff-api';
import { recentStaffChanges } from './audit';
import { registerStaffCredentialsPreparer } from './credentials';
import { auditQuery, emptyBody, newStaffBody, noQuery, specialtiesBody, staffParams } from './schemas';
import { actorOf, createStaffService } from './service';

/** «Сотрудники» (modules/admin/staff-api.ts): managers and admins only, every input schema-checked. */
export async function registerStaffRoutes(app: FastifyInstance): Promise<void> {
  registerStaffCredentialsPreparer(app);
  const staff = createStaffService(app);
  const guard = [app.authenticate, app.requireRole('manager', 'admin')];
  const noStore = { 'cache-control': 'private, no-store' };

  app.get(STAFF_API.staff, { preHandler: guard, schema: { querystring: noQuery } }, async (_request, reply) => {
    reply.headers(noStore);
    return staff.list();
  });

  app.post<{ Body: NewStaffMember }>(STAFF_API.staff, {
    preHandler: guard,
    config: { rateLimit: { max: 60, timeWindow: 60_000 } },
    schema: { body: newStaffBody },
  }, async (request, reply) => {
    const member = await staff.add(request.body, actorOf(currentUser(request)));
    request.log.info({ staffId: member.id, role: member.role, by: currentUser(request).id }, 'staff member added');
    reply.code(201);
    return member;
  });

  app.post<{ Params: { staffId: string }; Body: { specialties: string[] } }>(`${STAFF_API.staff}/:staffId/specialties`, {
    preHandler: guard,
    schema: { params: staffParams, body: specialtiesBody },
  }, async (request) => staff.changeSpecialties(request.params.staffId, request.body.specialties, actorOf(currentUser(request))));

  app.post<{ Params: { staffId: string } }>(`${STAFF_API.staff}/:staffId/password-reset`, {
    preHandler: guard,
    config: { rateLimit: { max: 20, timeWindow: 60_000 } },
    schema: { params: staffParams, body: emptyBody },
  }, async (request) => staff.resetPassword(request.params.staffId, actorOf(currentUser(request))));

  app.post<{ Params: { staffId: string } }>(`${STAFF_API.staff}/:staffId/deactivation`, {
    preHandler: guard,
    schema: { params: staffParams, body: emptyBody },
  }, async (request) => {
    const result = await staff.deactivate(request.params.staffId, actorOf(currentUser(request)));
    request.log.info({ staffId: request.params.staffId, by: currentUser(request).id }, 'staff member deactivated');
    return result;
  });

  app.get<{ Params: { staffId: string } }>(`${STAFF_API.staff}/:staffId/holdings`, {
    preHandler: guard,
    schema: { params: staffParams, querystring: noQuery },
  }, async (request) => staff.holdings(request.params.staffId));

  app.get<{ Querystring: { limit: number } }>(STAFF_API.audit, { preHandler: guard, schema: { querystring: auditQuery } }, async (request, reply) => {
    reply.headers(noStore);
    return recentStaffChanges(app.store, request.query.limit);
  });
}
