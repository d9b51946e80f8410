import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatOption, MatSelect } from '@angular/material/select';
import { OFFLINE_CAP_CHOICES, OfflineFiles } from './offline-files.service';
import { DocumentsText, DocumentsTextPipe } from './text';

/** How much of the doctor's device the patients' files take, and the cap the doctor sets. */
@Component({
  selector: 'ob-offline-storage-panel',
  imports: [MatFormField, MatLabel, MatSelect, MatOption, MatIcon, MatProgressBar, DocumentsTextPipe],
  template: `
    @if (offline.active() && compact()) {
      <div class="compact" data-testid="offline-storage">
        <mat-icon svgIcon="offline_pin" />
        <p>
          <span data-testid="offline-usage">{{ 'documents.offlineStorage' | t: { used: size(offline.usedBytes()), cap: size(offline.capBytes()) } }}</span>.
          <span class="status" data-testid="offline-status">{{ statusKey() | t: { count: statusCount() } }}</span>
        </p>
      </div>
    } @else if (offline.active()) {
      <section class="panel" data-testid="offline-storage" [attr.aria-label]="'documents.offline.title' | t">
        <div class="top">
          <mat-icon svgIcon="offline_pin" />
          <div class="text">
            <h2>{{ 'documents.offline.title' | t }}</h2>
            <p data-testid="offline-usage">{{ 'documents.offlineStorage' | t: { used: size(offline.usedBytes()), cap: size(offline.capBytes()) } }}</p>
          </div>
          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="cap">
            <mat-label>{{ 'documents.offlineCap' | t }}</mat-label>
            <mat-select [value]="offline.capBytes()" (valueChange)="offline.setCap($event)" data-testid="offline-cap">
              @for (choice of choices(); track choice) {
                <mat-option [value]="choice">{{ size(choice) }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
        </div>
        <mat-progress-bar mode="determinate" [value]="percent()" [attr.aria-label]="'documents.offlineCap' | t" />
        <p class="status" data-testid="offline-status">{{ statusKey() | t: { count: statusCount() } }}</p>
        <p class="hint">{{ 'documents.offline.hint' | t }}</p>
      </section>
    }
  `,
  styles: `
    .panel { border-radius: 12px; background: var(--mat-sys-surface-container-low); padding: 12px 16px; display: grid; gap: 8px; }
    .top { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
    .top > mat-icon { color: var(--mat-sys-primary); }
    .text { flex: 1; min-width: 180px; }
    h2 { margin: 0; font: var(--mat-sys-title-small); }
    p { margin: 0; font: var(--mat-sys-body-medium); }
    .cap { width: 200px; }
    .status { color: var(--mat-sys-on-surface); }
    .hint { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .compact { display: grid; grid-template-columns: 20px minmax(0, 1fr); gap: 8px; align-items: start; font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
    .compact mat-icon { color: var(--mat-sys-primary); width: 20px; height: 20px; }
    @media (max-width: 479.98px) { .cap { width: 100%; } }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OfflineStoragePanelComponent {
  readonly offline = inject(OfflineFiles);
  private readonly text = inject(DocumentsText);

  /** One line: the planner's state on the doctor's page, the details on the patients' list. */
  readonly compact = input(false);
  readonly statusKey = computed(() =>
    !this.offline.known()
      ? 'documents.offline.checking'
      : this.offline.pausedForSpace()
      ? 'documents.offline.pausedForSpace'
      : this.offline.remaining() > 0 ? 'documents.offline.saving' : this.offline.doesNotFit() > 0 ? 'documents.offline.doesNotFit' : 'documents.offline.allSaved',
  );
  readonly statusCount = computed(() => (this.offline.remaining() > 0 ? this.offline.remaining() : this.offline.doesNotFit()));
  readonly percent = computed(() => Math.min(100, (this.offline.usedBytes() / Math.max(1, this.offline.capBytes())) * 100));
  /** The standard choices, plus the current cap if it is none of them. */
  readonly choices = computed(() => [...new Set([...OFFLINE_CAP_CHOICES, this.offline.capBytes()])].sort((a, b) => a - b));

  size(bytes: number): string {
    return this.text.bytes(bytes);
  }
}
