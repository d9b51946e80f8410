import { Injectable, inject } from '@angular/core';
import { ApiClient } from '@oblako/shell-kit';
import { CONSULTATIONS_API, reassignUrl, type DoctorSummary, type ReassignRequest, type StageRow } from '../../api';

/** The manager's calls of ../../api.ts (all need the network: the server's whole view). */
@Injectable({ providedIn: 'root' })
export class ManagerConsultationsApi {
  private readonly api = inject(ApiClient);

  stages(): Promise<StageRow[]> {
    return this.api.get(CONSULTATIONS_API.stages);
  }

  doctors(): Promise<DoctorSummary[]> {
    return this.api.get(CONSULTATIONS_API.doctors);
  }

  reassign(consultationId: string, request: ReassignRequest): Promise<unknown> {
    return this.api.post(reassignUrl(consultationId), request);
  }
}
