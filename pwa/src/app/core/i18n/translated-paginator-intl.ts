import { Injectable, inject } from '@angular/core';
import { MatPaginatorIntl } from '@angular/material/paginator';
import { TranslationService } from './translation.service';

/**
 * The Material paginator in the person's language (Material's own strings are English only).
 * Pages with a paginated table provide it: `{ provide: MatPaginatorIntl, useClass: TranslatedPaginatorIntl }`.
 */
@Injectable()
export class TranslatedPaginatorIntl extends MatPaginatorIntl {
  private readonly i18n = inject(TranslationService);

  constructor() {
    super();
    this.itemsPerPageLabel = this.i18n.t('paginator.perPage');
    this.nextPageLabel = this.i18n.t('paginator.next');
    this.previousPageLabel = this.i18n.t('paginator.previous');
    this.firstPageLabel = this.i18n.t('paginator.first');
    this.lastPageLabel = this.i18n.t('paginator.last');
  }

  override getRangeLabel = (page: number, pageSize: number, length: number): string => {
    if (length === 0) return this.i18n.t('paginator.range', { start: 0, end: 0, length: 0 });
    const start = page * pageSize + 1;
    const end = Math.min(length, (page + 1) * pageSize);
    return this.i18n.t('paginator.range', { start, end, length });
  };
}
