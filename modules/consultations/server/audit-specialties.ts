import type { FastifyInstance } from '@oblako/server-kit';
import { doctorSettingsOf } from './store';

/**
 * «Кто просматривал мои данные» names a doctor with their specialty («Врач Иванова А. П.,
 * кардиолог»): the specialties live in the doctor's settings, which this module owns.
 */
export function describeDoctorsInAudit(app: FastifyInstance): void {
  app.audit.describeActors(async (actorIds) => {
    const entries = await Promise.all(actorIds.map(async (id) => [id, (await doctorSettingsOf(app, id))?.specialties ?? []] as const));
    return new Map(entries.filter(([, specialties]) => specialties.length > 0).map(([id, specialties]) => [id, { specialties: [...specialties] }]));
  });
}
