import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { TranslatePipe } from '@oblako/shell-kit';
import { CredentialsListComponent } from './credentials-list.component';

/** Waiting before a search is sent, so typing a name does not send a request per letter. */
const SEARCH_DELAY_MS = 300;

/** «Доступы пациентов»: every patient who got credentials by SMS, searchable, with resend. */
@Component({
  selector: 'ob-credentials-page',
  imports: [MatFormField, MatLabel, MatInput, TranslatePipe, CredentialsListComponent],
  template: `
    <h1 class="page-title">{{ 'admin.credentials.title' | t }}</h1>
    <mat-form-field appearance="outline" class="search">
      <mat-label>{{ 'admin.credentials.search' | t }}</mat-label>
      <input matInput type="search" autocomplete="off" (input)="typed($any($event.target).value)" data-testid="credentials-search" />
    </mat-form-field>
    <ob-credentials-list [search]="search()" />
  `,
  styles: `
    :host { display: block; }
    .search { width: 100%; max-width: 480px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CredentialsPage {
  readonly search = signal('');
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
  }

  typed(value: string): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.search.set(value), SEARCH_DELAY_MS);
  }
}
