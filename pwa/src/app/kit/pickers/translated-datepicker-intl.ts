import { Injectable, effect, inject } from '@angular/core';
import { MatDatepickerIntl } from '@angular/material/datepicker';
import type { Language } from '@oblako/domain';
import { TranslationService } from '../../core/i18n/translation.service';

type CalendarLabels = Pick<
  MatDatepickerIntl,
  | 'calendarLabel'
  | 'openCalendarLabel'
  | 'closeCalendarLabel'
  | 'prevMonthLabel'
  | 'nextMonthLabel'
  | 'prevYearLabel'
  | 'nextYearLabel'
  | 'prevMultiYearLabel'
  | 'nextMultiYearLabel'
  | 'switchToMonthViewLabel'
  | 'switchToMultiYearViewLabel'
  | 'startDateLabel'
  | 'endDateLabel'
  | 'comparisonDateLabel'
>;

// Kept here, not in the shell's dictionary: only pages with a date field load them.
const LABELS: Record<Language, CalendarLabels & { yearRange: string }> = {
  ru: {
    calendarLabel: 'Календарь',
    openCalendarLabel: 'Открыть календарь',
    closeCalendarLabel: 'Закрыть календарь',
    prevMonthLabel: 'Предыдущий месяц',
    nextMonthLabel: 'Следующий месяц',
    prevYearLabel: 'Предыдущий год',
    nextYearLabel: 'Следующий год',
    prevMultiYearLabel: 'Предыдущие 24 года',
    nextMultiYearLabel: 'Следующие 24 года',
    switchToMonthViewLabel: 'Выбрать дату',
    switchToMultiYearViewLabel: 'Выбрать месяц и год',
    startDateLabel: 'Начало',
    endDateLabel: 'Конец',
    comparisonDateLabel: 'Период для сравнения',
    yearRange: 'с {start} по {end}',
  },
  en: {
    calendarLabel: 'Calendar',
    openCalendarLabel: 'Open calendar',
    closeCalendarLabel: 'Close calendar',
    prevMonthLabel: 'Previous month',
    nextMonthLabel: 'Next month',
    prevYearLabel: 'Previous year',
    nextYearLabel: 'Next year',
    prevMultiYearLabel: 'Previous 24 years',
    nextMultiYearLabel: 'Next 24 years',
    switchToMonthViewLabel: 'Choose date',
    switchToMultiYearViewLabel: 'Choose month and year',
    startDateLabel: 'Start date',
    endDateLabel: 'End date',
    comparisonDateLabel: 'Comparison range',
    yearRange: '{start} to {end}',
  },
};

/** The datepicker's buttons and calendar announced in the interface language (Material ships English only). */
@Injectable()
export class TranslatedDatepickerIntl extends MatDatepickerIntl {
  private yearRange = LABELS.ru.yearRange;

  constructor() {
    super();
    const i18n = inject(TranslationService);
    effect(() => {
      const { yearRange, ...labels } = LABELS[i18n.language()] ?? LABELS.ru;
      Object.assign(this, labels);
      this.yearRange = yearRange;
      this.changes.next();
    });
  }

  override formatYearRangeLabel(start: string, end: string): string {
    return this.yearRange.replace('{start}', start).replace('{end}', end);
  }
}
