import { ChangeDetectionStrategy, Component, ElementRef, viewChild } from '@angular/core';

/**
 * The frame the image and PDF viewers share: a toolbar (content marked `ngProjectAs="[toolbar]"`)
 * above a scrolling stage (the rest of the content).
 */
@Component({
  selector: 'ob-viewer-shell',
  template: `
    <div class="toolbar" role="toolbar"><ng-content select="[toolbar]" /></div>
    <div class="stage" #stage><ng-content /></div>
  `,
  styles: `
    :host { display: block; min-width: 0; max-width: 100%; }
    .toolbar { display: flex; align-items: center; gap: 4px; flex-wrap: wrap; }
    .stage {
      overflow: auto;
      max-width: 100%;
      box-sizing: border-box;
      max-height: var(--ob-viewer-stage-max-height, 75vh);
      background: var(--mat-sys-surface-container-highest);
      border-radius: 8px;
      padding: 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ViewerShellComponent {
  /** The PDF viewer fits its pages to the stage's width. */
  readonly stage = viewChild.required<ElementRef<HTMLElement>>('stage');
}
