import type { Translations } from '@oblako/domain';

/** What every form with a date field may say, in both languages (joined to the shell's strings). */
export const PICKER_TRANSLATIONS: Translations = {
  ru: {
    'pickers.error.dateFormat': 'Введите дату в виде дд.мм.гггг, например 05.12.1980.',
    'pickers.error.dateTooEarly': 'Слишком ранняя дата.',
    'pickers.error.dateTooLate': 'Дата не может быть позже сегодняшней.',
    'pickers.error.timeFormat': 'Введите время в виде чч:мм, например 09:00.',
    'pickers.datePlaceholder': 'дд.мм.гггг',
    'forms.requiredHint': '* — обязательные поля',
  },
  en: {
    'pickers.error.dateFormat': 'Enter the date as dd/mm/yyyy, e.g. 05/12/1980.',
    'pickers.error.dateTooEarly': 'This date is too early.',
    'pickers.error.dateTooLate': 'The date cannot be later than today.',
    'pickers.error.timeFormat': 'Enter the time as hh:mm, e.g. 09:00.',
    'pickers.datePlaceholder': 'dd/mm/yyyy',
    'forms.requiredHint': '* — required fields',
  },
};
