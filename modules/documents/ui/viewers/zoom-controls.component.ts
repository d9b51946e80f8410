import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { DocumentsTextPipe } from '../text';

/** The zoom out / zoom in pair of a viewer's toolbar; projected content (the zoom level) sits between. */
@Component({
  selector: 'ob-zoom-controls',
  imports: [MatIconButton, MatIcon, DocumentsTextPipe],
  template: `
    <button mat-icon-button type="button" (click)="zoomOut.emit()" [disabled]="!canZoomOut()" [attr.aria-label]="'documents.viewer.zoomOut' | t">
      <mat-icon svgIcon="zoom_out" />
    </button>
    <ng-content />
    <button mat-icon-button type="button" (click)="zoomIn.emit()" [disabled]="!canZoomIn()" [attr.aria-label]="'documents.viewer.zoomIn' | t">
      <mat-icon svgIcon="zoom_in" />
    </button>
  `,
  // The buttons are items of the toolbar's flex row, as if written there.
  styles: `:host { display: contents; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ZoomControlsComponent {
  readonly canZoomOut = input.required<boolean>();
  readonly canZoomIn = input.required<boolean>();
  readonly zoomOut = output<void>();
  readonly zoomIn = output<void>();
}
