import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent } from '@angular/material/card';
import { MatIcon } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@oblako/shell-kit';
import type { ConclusionResult } from '../../../api';
import { ConsultationTimePipe } from '../../shared/consultation-time.pipe';

/** The conclusion is issued: by whom and when (right after issuing it here), and the way to its PDF among the patient's documents. */
@Component({
  selector: 'ob-conclusion-issued',
  imports: [RouterLink, MatButton, MatIcon, MatCard, MatCardContent, TranslatePipe, ConsultationTimePipe],
  template: `
    <mat-card appearance="outlined" class="issued" data-testid="conclusion-issued">
      <mat-card-content class="panel">
        <h2><mat-icon svgIcon="check_circle" />{{ 'consultations.doctor.conclusion.issued' | t }}</h2>
        @if (result(); as issued) {
          <p class="muted">{{ 'consultations.doctor.conclusion.issuedBy' | t: { name: issued.issuedBy.name, time: (issued.issuedAt | consultationTime) } }}</p>
          @if (issued.signature === 'unsigned') {<p class="muted">{{ 'consultations.doctor.conclusion.unsigned' | t }}</p>}
        }
        <a mat-stroked-button [routerLink]="['/documents/patients', patientId()]" data-testid="conclusion-link">
          <mat-icon svgIcon="picture_as_pdf" />{{ 'consultations.doctor.conclusion.open' | t }}
        </a>
      </mat-card-content>
    </mat-card>
  `,
  styleUrl: './panel.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConclusionIssuedComponent {
  /** The server's answer when issued from this page; null when the consultation arrived done. */
  readonly result = input<ConclusionResult | null>(null);
  readonly patientId = input.required<string>();
}
