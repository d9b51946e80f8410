import type { Translations } from '@oblako/domain';

/**
 * Strings of the long lists (virtual scrolling: the visible count stands for the whole list) and of
 * the offline copies paused for lack of storage.
 */
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
    'documents.offline.pausedForSpace': 'На устройстве не хватило места: копии файлов удалены, новые не сохраняются. Файлы открываются при связи. Выберите предел, чтобы сохранять снова.',
  },
  en: {
    'documents.list.count.one': '{count} document',
    'documents.list.count.other': '{count} documents',
    'documents.list.loadingRest': 'Loading the rest…',
    'documents.list.label': 'Documents, {count}',
    'documents.patients.count.one': '{count} patient',
    'documents.patients.count.other': '{count} patients',
    'documents.offline.pausedForSpace': 'The device ran out of storage: the file copies were deleted and no new ones are kept. Files open when online. Choose a limit to keep them again.',
  },
};
