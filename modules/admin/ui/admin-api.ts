import { Injectable, inject } from '@angular/core';
import { ApiClient, type DownloadedFile } from '@oblako/shell-kit';
import {
  ADMIN_API,
  type CommitRequest,
  type ImportPreview,
  type ImportReport,
  type CredentialsPage,
  type ImportSummary,
  type PatientCredentials,
  type SmsList,
  type SmsState,
  type UploadedFile,
} from '../api';
import {
  STAFF_API, staffDeactivationUrl, staffHoldingsUrl, staffPasswordResetUrl, staffSpecialtiesUrl,
  type DeactivationResult, type NewStaffMember, type StaffAuditEntry, type StaffHoldings, type StaffMember,
} from '../staff-api';

/** The calls of ../api.ts as the manager's pages make them. */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly api = inject(ApiClient);

  /** Uploads the files (base64 in JSON); `onProgress` 0…1 while the bytes go out. */
  preview(files: readonly UploadedFile[], onProgress: (sent: number) => void): Promise<ImportPreview> {
    return this.api.postWithProgress(ADMIN_API.previews, JSON.stringify({ files }), onProgress);
  }

  commit(request: CommitRequest): Promise<ImportReport> {
    return this.api.post(ADMIN_API.commit, request);
  }

  report(importId: string): Promise<ImportReport> {
    return this.api.get(ADMIN_API.report(importId));
  }

  imports(): Promise<ImportSummary[]> {
    return this.api.get(ADMIN_API.imports);
  }

  rejectedCsv(importId: string): Promise<DownloadedFile> {
    return this.api.download(ADMIN_API.rejectedCsv(importId), `rejected-${importId}.csv`);
  }

  template(): Promise<DownloadedFile> {
    return this.api.download(ADMIN_API.template, 'referrals-template.xlsx');
  }

  credentials(query: { importId?: string; state?: SmsState; search?: string; limit?: number; cursor?: string } = {}): Promise<CredentialsPage> {
    return this.api.get(ADMIN_API.credentials, query);
  }

  resendCredentials(patientId: string): Promise<PatientCredentials> {
    return this.api.post(ADMIN_API.resendCredentials(patientId), {});
  }

  sms(query: { state?: SmsState; limit?: number; before?: string } = {}): Promise<SmsList> {
    return this.api.get(ADMIN_API.sms, query);
  }

  // «Сотрудники» (../staff-api.ts)

  staff(): Promise<StaffMember[]> {
    return this.api.get(STAFF_API.staff);
  }

  addStaff(member: NewStaffMember): Promise<StaffMember> {
    return this.api.post(STAFF_API.staff, member);
  }

  changeSpecialties(staffId: string, specialties: readonly string[]): Promise<StaffMember> {
    return this.api.post(staffSpecialtiesUrl(staffId), { specialties });
  }

  resetStaffPassword(staffId: string): Promise<StaffMember> {
    return this.api.post(staffPasswordResetUrl(staffId), {});
  }

  deactivateStaff(staffId: string): Promise<DeactivationResult> {
    return this.api.post(staffDeactivationUrl(staffId), {});
  }

  staffHoldings(staffId: string): Promise<StaffHoldings> {
    return this.api.get(staffHoldingsUrl(staffId));
  }

  staffAudit(): Promise<StaffAuditEntry[]> {
    return this.api.get(STAFF_API.audit);
  }
}
