import type { Translations } from '@oblako/domain';

/** Strings of the long lists (virtual scrolling): the visible count that stands for the whole list. */
export const LIST_STRINGS: Translations = {
  ru: {
    'documents.list.count.one': '{count} документ',
    'documents.list.count.few': '{count} документа',
    'documents.list.count.many': '{count} документов',
    'documents.list.count.other': '{count} документа',
    'documents.list.loadingRest': 'Загружаю остальные…',
    'documents.list.label': 'Документы, {count}',
    'documents.patients.count.one': '{count} пациент',
    'documents.patients.count.few': '{count} пациента',
    'documents.patients.count.many': '{count} пациентов',
    'documents.patients.count.other': '{count} пациента',
  },
  en: {
    'documents.list.count.one': '{count} document',
    'documents.list.count.other': '{count} documents',
    'documents.list.loadingRest': 'Loading the rest…',
    'documents.list.label': 'Documents, {count}',
    'documents.patients.count.one': '{count} patient',
    'documents.patients.count.other': '{count} patients',
  },
};
