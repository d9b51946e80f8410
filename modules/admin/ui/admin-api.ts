import { Injectable, inject } from '@angular/core';
import { ApiClient, type DownloadedFile } from '@oblako/shell-kit';
import {
  ADMIN_API,
  type CommitRequest,
  type ImportPreview,
  type ImportReport,
  type ImportSummary,
  type PatientCredentials,
  type SmsList,
  type SmsState,
  type UploadedFile,
} from '../api';

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

  credentials(query: { importId?: string; state?: SmsState; search?: string } = {}): Promise<PatientCredentials[]> {
    return this.api.get(ADMIN_API.credentials, query);
  }

  resendCredentials(patientId: string): Promise<PatientCredentials> {
    return this.api.post(ADMIN_API.resendCredentials(patientId), {});
  }

  sms(query: { state?: SmsState; limit?: number; before?: string } = {}): Promise<SmsList> {
    return this.api.get(ADMIN_API.sms, query);
  }
}
