import { Injectable, inject } from '@angular/core';
import { MatPaginatorIntl } from '@angular/material/paginator';
import { TranslationService } from '@oblako/shell-kit';

/** The paginator in the person's language (Material's own strings are English only). */
@Injectable()
export class ConsultationsPaginatorIntl extends MatPaginatorIntl {
  private readonly i18n = inject(TranslationService);

  constructor() {
    super();
    this.itemsPerPageLabel = this.i18n.t('consultations.paginator.perPage');
    this.nextPageLabel = this.i18n.t('consultations.paginator.next');
    this.previousPageLabel = this.i18n.t('consultations.paginator.previous');
    this.firstPageLabel = this.i18n.t('consultations.paginator.first');
    this.lastPageLabel = this.i18n.t('consultations.paginator.last');
  }

  override getRangeLabel = (page: number, pageSize: number, length: number): string => {
    if (length === 0) return this.i18n.t('consultations.paginator.range', { start: 0, end: 0, length: 0 });
    const start = page * pageSize + 1;
    const end = Math.min(length, (page + 1) * pageSize);
    return this.i18n.t('consultations.paginator.range', { start, end, length });
  };
}
