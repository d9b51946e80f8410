import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { Store } from '@ngrx/store';
import { LazyDataLayer } from '../core/db/lazy-data-layer';
import { TranslatePipe } from '../core/i18n/translate.pipe';
import { selectUser } from '../core/session/session.selectors';

/**
 * Shown instead of the page when the data layer's code could not be downloaded: a page would
 * otherwise show empty lists, as if the person had no documents. «Повторить» downloads it again
 * and opens the person's data; the shell then draws the page anew (its queries start again).
 */
@Component({
  selector: 'ob-data-load-error',
  imports: [MatButton, MatIcon, TranslatePipe],
  template: `
    <section class="load-error" role="alert" data-testid="data-load-error">
      <mat-icon svgIcon="warning" aria-hidden="true" />
      <h2>{{ 'dataLoad.title' | t }}</h2>
      <p>{{ 'dataLoad.text' | t }}</p>
      <button mat-flat-button type="button" (click)="retry()" [disabled]="retrying()" data-testid="data-load-retry">
        {{ 'dataLoad.retry' | t }}
      </button>
    </section>
  `,
  styles: `
    .load-error {
      display: flex; flex-direction: column; align-items: flex-start; gap: 8px; margin: 16px 0; padding: 24px;
      border-radius: 12px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container);
    }
    .load-error mat-icon { width: 32px; height: 32px; font-size: 32px; }
    h2 { margin: 0; font: var(--mat-sys-title-large); }
    p { margin: 0 0 8px; font: var(--mat-sys-body-large); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DataLoadErrorComponent {
  private readonly layer = inject(LazyDataLayer);
  private readonly user = inject(Store).selectSignal(selectUser);
  readonly retrying = signal(false);

  async retry(): Promise<void> {
    this.retrying.set(true);
    try {
      // The chunk again, then what the session effect could not do at start: open the person's data.
      const layer = await this.layer.get();
      const user = this.user();
      if (user && !user.mustChangePassword) await layer.open(user);
    } catch {
      // Still unreachable: the message stays, the button can be pressed again.
    } finally {
      this.retrying.set(false);
    }
  }
}
