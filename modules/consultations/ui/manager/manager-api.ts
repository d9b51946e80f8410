import { Injectable, inject } from '@angular/core';
import { ApiClient } from '@oblako/shell-kit';
import { cancelUrl, CONSULTATIONS_API, reassignUrl, type DoctorSummary, type ReassignRequest, type StagesPage, type StagesQuery } from '../../api';

/** The manager's calls of ../../api.ts (all need the network: a manager's device holds no patient data). */
@Injectable({ providedIn: 'root' })
export class ManagerConsultationsApi {
  private readonly api = inject(ApiClient);

  /** One page of «Пациенты по этапам», filtered and sorted by the server. */
  stages(query: StagesQuery): Promise<StagesPage> {
    return this.api.get(CONSULTATIONS_API.stages, {
      limit: query.limit,
      cursor: query.cursor,
      search: query.search?.trim() || undefined,
      stages: query.stages || undefined,
      overdueOnly: query.overdueOnly ? 'true' : undefined,
      sort: query.sort,
    });
  }

  doctors(): Promise<DoctorSummary[]> {
    return this.api.get(CONSULTATIONS_API.doctors);
  }

  reassign(consultationId: string, request: ReassignRequest): Promise<unknown> {
    return this.api.post(reassignUrl(consultationId), request);
  }

  cancel(consultationId: string, reason: string): Promise<unknown> {
    return this.api.post(cancelUrl(consultationId), { reason });
  }
}
