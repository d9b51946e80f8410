import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { formatInZone, formatSlotInZone, specialtyLabel } from '@oblako/domain';
import { TranslatePipe, TranslationService } from '@oblako/shell-kit';
import type { NextStep } from '../next-step';
import { JOURNEY, STEP_ICONS, stageOf } from './journey';

/**
 * The one next step, as a card: what to do (or what we wait for), why, and the one button that
 * does it. Times are in the patient's zone, named. The progress line under it shows where the
 * step sits on the way to the conclusion.
 */
@Component({
  selector: 'ob-home-step-card',
  imports: [MatButton, MatIcon, RouterLink, TranslatePipe],
  template: `
    @let s = step();
    <section class="step" data-testid="home-step" [attr.data-step]="s.kind" [attr.aria-labelledby]="'home-step-title'">
      <p class="step__label">{{ 'home.nextStep' | t }}</p>
      <div class="step__head">
        <mat-icon class="step__icon" [svgIcon]="icon()" />
        <h2 id="home-step-title" class="step__title" data-testid="home-step-title">{{ title() }}</h2>
      </div>

      @switch (s.kind) {
        @case ('upload_conclusion') {
          <p>{{ (s.uploading ? 'home.step.upload_conclusion.uploading' : 'home.step.upload_conclusion.text') | t }}</p>
          <div class="step__actions"><a mat-flat-button routerLink="/documents/new" data-testid="home-step-action">{{ 'home.step.upload_conclusion.action' | t }}</a></div>
        }
        @case ('upload_examination') {
          <p>{{ (s.uploading ? 'home.step.upload_examination.uploading' : 'home.step.upload_examination.text') | t }}</p>
          <div class="step__actions"><a mat-flat-button routerLink="/documents/new" data-testid="home-step-action">{{ 'home.step.upload_examination.action' | t }}</a></div>
        }
        @case ('choose_specialty') {
          <p>{{ 'home.step.choose_specialty.text' | t }}</p>
          @if (s.previous === 'cancelled') {
            <p class="step__note">{{ 'home.step.choose_specialty.cancelled' | t }}</p>
          }
          @if (s.suggestedProfile) {
            <p class="step__note" data-testid="home-suggested-profile">{{ 'home.step.choose_specialty.suggested' | t: { profile: s.suggestedProfile } }}</p>
          }
          <div class="step__actions"><a mat-flat-button routerLink="/consultations" data-testid="home-step-action">{{ 'home.step.choose_specialty.action' | t }}</a></div>
        }
        @case ('waiting_doctor') {
          <p>{{ 'home.step.waiting_doctor.text' | t: { specialty: specialty(s.specialty) } }}</p>
          @if (s.promise === 'attention') {
            <p class="step__note">{{ 'home.step.waiting_doctor.attention' | t: { days: s.waitedDays } }}</p>
          } @else if (s.promise === 'overdue') {
            <p class="step__note step__note--warn" data-testid="home-overdue">{{ 'home.step.waiting_doctor.overdue' | t }}</p>
          }
          <div class="step__actions"><a mat-stroked-button routerLink="/consultations" data-testid="home-step-action">{{ 'home.step.waiting_doctor.action' | t }}</a></div>
        }
        @case ('doctor_assigned') {
          <p>{{ 'home.step.doctor_assigned.text' | t: { specialty: specialty(s.specialty) } }}</p>
          <div class="step__actions"><a mat-stroked-button routerLink="/consultations" data-testid="home-step-action">{{ 'home.step.doctor_assigned.action' | t }}</a></div>
        }
        @case ('documents_requested') {
          <p>{{ 'home.step.documents_requested.text' | t: { doctor: doctor(s.doctorName) } }}</p>
          <blockquote class="step__quote" data-testid="home-documents-request">{{ s.comment }}</blockquote>
          <div class="step__actions">
            <a mat-flat-button routerLink="/documents/new" data-testid="home-step-action">{{ 'home.step.documents_requested.action' | t }}</a>
            <a mat-stroked-button routerLink="/consultations" [queryParams]="{ c: s.consultationId }">{{ 'home.step.consultation.action' | t }}</a>
          </div>
        }
        @case ('consultation') {
          <p class="step__with">{{ 'home.step.consultation.with' | t: { specialty: specialty(s.specialty), doctor: doctor(s.doctorName) } }}</p>
          <p class="step__time" data-testid="home-consultation-time"><mat-icon svgIcon="schedule" />{{ slotText() }}</p>
          @switch (s.call) {
            @case ('soon') { <p data-testid="home-call-state">{{ 'home.step.consultation.soon' | t: { time: opensText() } }}</p> }
            @case ('open') { <p data-testid="home-call-state">{{ 'home.step.consultation.open' | t }}</p> }
            @case ('offline') { <p class="step__note step__note--warn" data-testid="home-call-state">{{ 'home.step.consultation.offline' | t }}</p> }
            @case ('over') { <p data-testid="home-call-state">{{ 'home.step.consultation.over' | t }}</p> }
          }
          @if (s.timeRequested) {
            <p class="step__note">{{ 'home.step.consultation.timeRequested' | t }}</p>
          }
          <div class="step__actions">
            @if (s.call === 'open') {
              <a mat-flat-button [routerLink]="['/video', s.consultationId]" data-testid="home-join-video"><mat-icon svgIcon="videocam" />{{ 'home.step.consultation.join' | t }}</a>
            } @else if (s.call === 'offline') {
              <button mat-flat-button type="button" disabled data-testid="home-join-video"><mat-icon svgIcon="videocam" />{{ 'home.step.consultation.join' | t }}</button>
            }
            <a mat-stroked-button routerLink="/consultations" [queryParams]="{ c: s.consultationId }" data-testid="home-step-action">{{ 'home.step.consultation.action' | t }}</a>
          </div>
        }
        @case ('conclusion_pending') {
          <p>{{ 'home.step.conclusion_pending.text' | t: { doctor: doctor(s.doctorName) } }}</p>
          <div class="step__actions"><a mat-stroked-button routerLink="/consultations" [queryParams]="{ c: s.consultationId }" data-testid="home-step-action">{{ 'home.step.conclusion_pending.action' | t }}</a></div>
        }
        @case ('conclusion') {
          <p>{{ 'home.step.conclusion.text' | t: { doctor: doctor(s.doctorName), specialty: specialty(s.specialty) } }}</p>
          <div class="step__actions">
            <a mat-flat-button routerLink="/documents" data-testid="home-step-action">{{ 'home.step.conclusion.action' | t }}</a>
            <a mat-stroked-button routerLink="/consultations">{{ 'home.step.conclusion.again' | t }}</a>
          </div>
        }
      }

      <!-- Where the step sits: five bars, and one line naming the stage (no words cut on a phone). -->
      <ol class="journey" data-testid="home-journey">
        @for (stage of journey; track stage; let i = $index) {
          <li [class.journey__done]="i < stageIndex()" [class.journey__current]="i === stageIndex()" [attr.aria-current]="i === stageIndex() ? 'step' : null">
            <span class="sr-only">{{ 'home.path.' + stage | t }}</span>
          </li>
        }
      </ol>
      <p class="journey__label" aria-hidden="true">{{ journeyLabel() }}</p>
    </section>
  `,
  styles: `
    .step { border-radius: 16px; background: var(--mat-sys-surface-container-low); color: var(--mat-sys-on-surface); border: 2px solid var(--mat-sys-primary); padding: 16px; display: grid; gap: 8px; }
    .step p { margin: 0; font: var(--mat-sys-body-large); overflow-wrap: anywhere; }
    .step__label { font: var(--mat-sys-label-large) !important; text-transform: uppercase; letter-spacing: .04em; color: var(--mat-sys-primary); }
    .step__head { display: flex; gap: 12px; align-items: center; }
    .step__icon { flex: none; width: 32px; height: 32px; color: var(--mat-sys-primary); }
    .step__title { margin: 0; font: var(--mat-sys-title-large); overflow-wrap: anywhere; }
    .step__note { font: var(--mat-sys-body-medium) !important; }
    .step__note--warn { font-weight: 600 !important; }
    .step__with { font: var(--mat-sys-title-medium) !important; }
    .step__time { display: flex; gap: 8px; align-items: center; font: var(--mat-sys-title-medium) !important; }
    .step__time mat-icon { flex: none; }
    .step__quote { margin: 0; padding: 8px 12px; border-radius: 8px; background: var(--mat-sys-surface); color: var(--mat-sys-on-surface); font: var(--mat-sys-body-large); overflow-wrap: anywhere; }
    .step__actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 4px; }
    .step__actions a, .step__actions button { min-height: 48px; }
    @media (max-width: 599.98px) { .step__actions a, .step__actions button { flex: 1 1 100%; } }
    .journey { list-style: none; margin: 8px 0 0; padding: 0; display: grid; grid-template-columns: repeat(5, minmax(0, 1fr)); gap: 4px; }
    .journey li { height: 6px; border-radius: 3px; background: var(--mat-sys-outline-variant); }
    .journey li.journey__done, .journey li.journey__current { background: var(--mat-sys-primary); }
    .journey__label { font: var(--mat-sys-label-large) !important; color: var(--mat-sys-on-surface-variant); }
    .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StepCardComponent {
  private readonly i18n = inject(TranslationService);
  readonly step = input.required<NextStep>();
  /** The patient's zone (profile), in which every time is shown and named. */
  readonly zone = input.required<string>();
  readonly journey = JOURNEY;

  readonly stageIndex = computed(() => JOURNEY.indexOf(stageOf(this.step().kind)));
  readonly icon = computed(() => STEP_ICONS[this.step().kind]);
  readonly journeyLabel = computed(() => {
    this.i18n.language();
    const index = this.stageIndex();
    return this.i18n.t('home.path.label', { current: index + 1, total: JOURNEY.length, stage: this.i18n.t(`home.path.${JOURNEY[index]}`) });
  });
  readonly title = computed(() => {
    const s = this.step();
    return this.i18n.t(`home.step.${s.kind}.title`, 'doctorName' in s ? { doctor: this.doctor(s.doctorName) } : {});
  });
  readonly slotText = computed(() => {
    const s = this.step();
    return s.kind === 'consultation' ? formatSlotInZone(s.slot, this.zone(), this.i18n.language()) : '';
  });
  readonly opensText = computed(() => {
    const s = this.step();
    return s.kind === 'consultation' ? formatInZone(s.opensAt, this.zone(), this.i18n.language()) : '';
  });

  specialty(code: string): string {
    return specialtyLabel(code, this.i18n.language());
  }

  doctor(name: string): string {
    return name || this.i18n.t('home.doctorUnknown');
  }
}
