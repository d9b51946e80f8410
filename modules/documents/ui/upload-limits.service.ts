import { Injectable, inject, signal } from '@angular/core';
import { Store } from '@ngrx/store';
import { ApiClient, selectUser } from '@oblako/shell-kit';
import { DOCUMENTS_API, type UploadLimits } from '../index';

/**
 * The signed-in patient's upload limits (GET /api/documents/limits), remembered on the device
 * so the checks before an upload also work offline.
 */
@Injectable({ providedIn: 'root' })
export class UploadLimitsService {
  private readonly api = inject(ApiClient);
  private readonly user = inject(Store).selectSignal(selectUser);
  private readonly current = signal<UploadLimits | null>(null);
  readonly limits = this.current.asReadonly();

  /** The last known limits at once, then the server's when it answers. */
  async refresh(): Promise<void> {
    const user = this.user();
    if (!user || user.role !== 'patient') return;
    const key = `oblako.documents.limits.${user.id}`;
    if (!this.current()) {
      try {
        const stored = localStorage.getItem(key);
        if (stored) this.current.set(JSON.parse(stored) as UploadLimits);
      } catch {
        // Unreadable: the defaults apply until the server answers.
      }
    }
    try {
      const limits = await this.api.get<UploadLimits>(DOCUMENTS_API.limits);
      this.current.set(limits);
      localStorage.setItem(key, JSON.stringify(limits));
    } catch {
      // Offline or refused: keep what is known.
    }
  }
}
