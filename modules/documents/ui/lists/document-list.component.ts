import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { CdkVirtualForOf, CdkVirtualScrollViewport } from '@angular/cdk/scrolling';
import type { DocumentFileRecord, MedicalDocument } from '../../schema';
import { DocumentCardComponent } from '../document-card.component';
import { DocumentsText, DocumentsTextPipe } from '../text';
import { estimatedCardHeight } from './card-height';
import { MeasuredItemsDirective } from './measured-items.strategy';

/** Up to this many cards the list is drawn whole. */
export const PLAIN_LIST_MAX = 30;

/**
 * A list of document cards that stays fast at thousands of documents: only the cards in and
 * near view are drawn (CDK virtual scrolling, heights measured as cards are drawn). For screen
 * readers it is a list whose items say their position in the whole list (aria-setsize /
 * aria-posinset), and the count is shown above it, since most cards are not in the page.
 */
@Component({
  selector: 'ob-document-list',
  imports: [CdkVirtualScrollViewport, CdkVirtualForOf, MeasuredItemsDirective, DocumentCardComponent, DocumentsTextPipe],
  template: `
    <p class="count" data-testid="document-count" aria-live="polite">
      <!-- The first screen's count is not the patient's: only say that the rest is coming. -->
      @if (partial()) {
        <span class="rest">{{ 'documents.list.loadingRest' | t }}</span>
      } @else {
        {{ countLine() }}
      }
    </p>
    @if (virtual()) {
      <cdk-virtual-scroll-viewport
        class="viewport"
        [obMeasuredItems]="keys()"
        [obEstimatedHeights]="heights()"
        role="list"
        [attr.aria-label]="'documents.list.label' | t: { count: documents().length }"
        data-testid="document-list"
      >
        <div
          *cdkVirtualFor="let document of documents(); trackBy: byId; let index = index"
          class="item"
          role="listitem"
          [attr.aria-setsize]="partial() ? -1 : documents().length"
          [attr.aria-posinset]="index + 1"
        >
          <ob-document-card [document]="document" [records]="records()" [mode]="mode()" (review)="review.emit(document)" (remove)="remove.emit(document)" />
        </div>
      </cdk-virtual-scroll-viewport>
    } @else {
      <div class="plain" role="list" [attr.aria-label]="'documents.list.label' | t: { count: documents().length }" data-testid="document-list">
        @for (document of documents(); track document.id) {
          <div class="item" role="listitem">
            <ob-document-card [document]="document" [records]="records()" [mode]="mode()" (review)="review.emit(document)" (remove)="remove.emit(document)" />
          </div>
        }
      </div>
    }
  `,
  styles: `
    :host { display: grid; gap: 8px; }
    .count { margin: 0; font: var(--mat-sys-label-large); color: var(--mat-sys-on-surface-variant); }
    .rest { font: var(--mat-sys-body-medium); }
    /* The list scrolls inside the page: tall enough for two or three cards on a phone. */
    .viewport { height: max(360px, calc(100dvh - var(--ob-document-list-offset, 280px))); contain: strict; }
    /* Each card lays out on its own: drawing new cards while scrolling does not lay out the others again. */
    .item { padding-bottom: 12px; contain: layout style; }
    .plain .item:last-child { padding-bottom: 0; }
    .item:focus-within { position: relative; z-index: 1; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DocumentListComponent {
  private readonly text = inject(DocumentsText);

  readonly documents = input.required<readonly MedicalDocument[]>();
  /** The server's verdicts by file id. */
  readonly records = input.required<ReadonlyMap<string, DocumentFileRecord>>();
  readonly mode = input.required<'patient' | 'doctor' | 'reader'>();
  /** True while only the first screen is known and the rest is still being read. */
  readonly partial = input(false);
  readonly review = output<MedicalDocument>();
  readonly remove = output<MedicalDocument>();

  /** Short lists stay plain (as tall as their cards, scrolled with the page); long ones are virtual. */
  readonly virtual = computed(() => this.partial() || this.documents().length > PLAIN_LIST_MAX);
  readonly keys = computed(() => this.documents().map((d) => d.id));
  readonly heights = computed(() => this.documents().map((d) => estimatedCardHeight(d, this.mode())));
  readonly countLine = computed(() => this.text.plural('documents.list.count', this.documents().length));

  readonly byId = (_: number, document: MedicalDocument) => document.id;
}
