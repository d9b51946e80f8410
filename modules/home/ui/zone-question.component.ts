import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, output, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatOption, MatSelect } from '@angular/material/select';
import { RUSSIAN_TIME_ZONES, timeZoneName } from '@oblako/domain';
import { TranslatePipe, TranslationService } from '@oblako/shell-kit';

/**
 * «Ваш часовой пояс — Владивосток?»: yes, choose another, or keep the stored one. Emits the
 * chosen zone (the page saves it in the profile), or null to keep what is stored.
 */
@Component({
  selector: 'ob-home-zone-question',
  imports: [MatButton, MatIcon, MatFormField, MatLabel, MatSelect, MatOption, TranslatePipe],
  template: `
    <section class="zone" data-testid="home-zone-question" role="region" [attr.aria-label]="question()">
      <h2 class="zone__title"><mat-icon svgIcon="public" />{{ question() }}</h2>
      <p>{{ 'home.zone.explain' | t: { stored: name(stored()), device: name(device()) } }}</p>
      @if (!choosing()) {
        <div class="zone__actions">
          <button mat-flat-button type="button" data-testid="zone-yes" [disabled]="busy()" (click)="answer.emit(device())">{{ 'home.zone.yes' | t }}</button>
          <button mat-stroked-button type="button" data-testid="zone-other" [disabled]="busy()" (click)="choosing.set(true)">{{ 'home.zone.other' | t }}</button>
        </div>
      } @else {
        <div class="zone__choose">
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ 'home.zone.field' | t }}</mat-label>
            <mat-select [value]="chosen()" (valueChange)="chosen.set($event)" data-testid="zone-select">
              @for (zone of zones(); track zone.id) {
                <mat-option [value]="zone.id">{{ zone.label }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <div class="zone__actions">
            <button mat-flat-button type="button" data-testid="zone-save" [disabled]="busy()" (click)="answer.emit(chosen())">{{ 'home.zone.save' | t }}</button>
            <button mat-button type="button" data-testid="zone-keep" [disabled]="busy()" (click)="answer.emit(null)">{{ 'home.zone.keep' | t: { stored: name(stored()) } }}</button>
          </div>
        </div>
      }
    </section>
  `,
  styles: `
    .zone { border-radius: 12px; background: var(--mat-sys-tertiary-container); color: var(--mat-sys-on-tertiary-container); padding: 12px 16px; display: grid; gap: 8px; }
    .zone__title { display: flex; gap: 8px; align-items: center; margin: 0; font: var(--mat-sys-title-medium); }
    .zone__title mat-icon { flex: none; }
    .zone p { margin: 0; font: var(--mat-sys-body-medium); }
    .zone__choose { display: grid; gap: 8px; }
    .zone__actions { display: flex; flex-wrap: wrap; gap: 8px; }
    .zone__actions button { min-height: 48px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ZoneQuestionComponent {
  private readonly i18n = inject(TranslationService);
  readonly stored = input.required<string>();
  readonly device = input.required<string>();
  readonly busy = input(false);
  readonly answer = output<string | null>();

  readonly choosing = signal(false);
  /** Starts at the device's zone, the likeliest answer after «другой». */
  readonly chosen = linkedSignal(() => this.device());
  readonly question = computed(() => this.i18n.t('home.zone.question', { zone: this.name(this.device()) }));
  readonly zones = computed(() => {
    const language = this.i18n.language();
    return RUSSIAN_TIME_ZONES.map((zone) => ({ id: zone.id, label: `${zone[language]}, UTC${zone.utcOffset}` }));
  });

  name(zone: string): string {
    return timeZoneName(zone, this.i18n.language());
  }
}
