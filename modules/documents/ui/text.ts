import { Injectable, Pipe, inject, type PipeTransform } from '@angular/core';
import type { Language, Translations } from '@oblako/domain';
import { TranslationService } from '@oblako/shell-kit';
import { LIST_STRINGS } from './lists/list-strings';
import { RECORD_VIEWS_STRINGS } from './record-views.strings';

type Params = Readonly<Record<string, string | number>>;

/**
 * Strings only the documents pages show. They load with the pages (not in the start bundle,
 * unlike ../i18n.ts, which the shell merges at start); every other key — the module's own
 * `documents.*` strings and the server's `error.<code>` messages — comes from the shell.
 */
export const DOCUMENTS_UI_STRINGS: Translations = {
  ru: {
    ...LIST_STRINGS.ru,
    ...RECORD_VIEWS_STRINGS.ru,
    'documents.checklist.title': 'Что нужно загрузить',
    'documents.checklist.conclusion': 'Заключение лечащего врача',
    'documents.checklist.examination': 'Хотя бы один результат обследования: выписка, УЗИ, МРТ, КТ, анализы, ЭКГ',
    'documents.form.title': 'Новый документ',
    'documents.form.save': 'Сохранить',
    'documents.form.cancel': 'Отмена',
    'documents.form.typeRequired': 'Выберите тип документа.',
    'documents.form.dateRequired': 'Укажите дату документа.',
    'documents.form.noteHint': 'Например: «МРТ коленного сустава, 2 страницы».',
    'documents.form.photoHint': 'Несколько фотографий — это страницы одного документа.',
    'documents.form.preparing': 'Проверяю файл…',
    'documents.form.removeFile': 'Убрать файл {name}',
    'documents.form.fixFiles': 'Уберите файлы, которые нельзя отправить.',
    'documents.form.savedOnline': 'Документ сохранён. Файлы отправляются.',
    'documents.form.savedOffline': 'Документ сохранён на устройстве. Файлы отправятся сами, когда появится связь.',
    'documents.form.saveFailed': 'Не удалось сохранить документ на устройстве. Попробуйте ещё раз.',
    'documents.check.tooLarge': 'Файл больше {max}: такой файл не примут.',
    'documents.check.quota': 'Не хватит места: свободно {free}, а файлы занимают {needed}. Удалите ненужные документы.',
    'documents.check.alreadyUploaded': 'Такой же файл уже есть в ваших документах («{name}»).',
    'documents.check.tooMany': 'В одном документе — не больше {max} файлов.',
    'documents.state.failed': 'Не отправлено',
    'documents.state.waitingTurn': 'В очереди на отправку',
    'documents.state.notYetUploaded': 'Пациент ещё не загрузил файл',
    'documents.retry': 'Отправить ещё раз',
    'documents.file.open': 'Открыть',
    'documents.file.close': 'Закрыть',
    'documents.file.download': 'Скачать',
    'documents.file.offline': 'Сохранён на устройстве',
    'documents.deleteTitle': 'Удалить документ?',
    'documents.deleteAction': 'Удалить',
    'documents.cancel': 'Отмена',
    'documents.deleted': 'Документ удалён.',
    'documents.reviewedOn': 'Просмотрено врачом {date}',
    'documents.markedReviewed': 'Отмечено как просмотренное.',
    'documents.fileCount.one': '{count} файл',
    'documents.fileCount.few': '{count} файла',
    'documents.fileCount.many': '{count} файлов',
    'documents.fileCount.other': '{count} файла',
    'documents.documentCount.one': '{count} документ',
    'documents.documentCount.few': '{count} документа',
    'documents.documentCount.many': '{count} документов',
    'documents.documentCount.other': '{count} документа',
    'documents.toReview': 'Не просмотрено: {count}',
    'documents.patients.title': 'Документы пациентов',
    'documents.patients.none': 'У ваших пациентов пока нет документов.',
    'documents.patients.unnamed': 'Пациент без имени в профиле',
    'documents.patient.none': 'Пациент ещё не загрузил документы.',
    'documents.offline.title': 'Работа без связи',
    'documents.offline.hint': 'Файлы ваших пациентов сохраняются на этом устройстве и открываются без интернета.',
    'documents.offline.saving': 'Сохраняю файлы на устройство: осталось {count}',
    'documents.offline.doesNotFit': 'Не поместилось файлов: {count}. Увеличьте предел, чтобы открыть их без связи.',
    'documents.offline.allSaved': 'Все файлы сохранены на устройстве.',
    'documents.offline.checking': 'Проверяю файлы на устройстве…',
    'documents.viewer.loading': 'Открываю файл…',
    'documents.viewer.failed': 'Не удалось показать файл. Скачайте его, чтобы открыть в другой программе.',
    'documents.viewer.heic': 'Этот браузер не показывает фотографии HEIC. Скачайте файл, чтобы открыть его.',
    'documents.viewer.dicomCompressed': 'Снимок сжат способом, который просмотрщик не показывает ({syntax}). Скачайте файл для программы просмотра DICOM.',
    'documents.viewer.previous': 'Назад',
    'documents.viewer.next': 'Вперёд',
    'documents.viewer.windowWidth': 'Ширина окна',
    'documents.viewer.windowCenter': 'Центр окна',
    'documents.viewer.resetWindow': 'Сбросить окно',
    'documents.viewer.series': 'Серия «{name}»',
    'documents.viewer.dicomHint': 'Проведите по снимку: вправо-влево — контраст, вверх-вниз — яркость.',
  },
  en: {
    ...LIST_STRINGS.en,
    ...RECORD_VIEWS_STRINGS.en,
    'documents.checklist.title': 'What to upload',
    'documents.checklist.conclusion': "The attending doctor's conclusion",
    'documents.checklist.examination': 'At least one examination result: discharge summary, ultrasound, MRI, CT, lab results, ECG',
    'documents.form.title': 'New document',
    'documents.form.save': 'Save',
    'documents.form.cancel': 'Cancel',
    'documents.form.typeRequired': 'Choose the document type.',
    'documents.form.dateRequired': 'Enter the document date.',
    'documents.form.noteHint': 'E.g. "Knee MRI, 2 pages".',
    'documents.form.photoHint': 'Several photos are the pages of one document.',
    'documents.form.preparing': 'Checking the file…',
    'documents.form.removeFile': 'Remove file {name}',
    'documents.form.fixFiles': 'Remove the files that cannot be sent.',
    'documents.form.savedOnline': 'The document is saved. The files are being sent.',
    'documents.form.savedOffline': 'The document is saved on this device. The files will be sent automatically when there is a connection.',
    'documents.form.saveFailed': 'The document could not be saved on this device. Please try again.',
    'documents.check.tooLarge': 'The file is larger than {max}: it will not be accepted.',
    'documents.check.quota': 'Not enough space: {free} free, the files need {needed}. Delete documents you no longer need.',
    'documents.check.alreadyUploaded': 'The same file is already in your documents ("{name}").',
    'documents.check.tooMany': 'At most {max} files per document.',
    'documents.state.failed': 'Not sent',
    'documents.state.waitingTurn': 'Queued for sending',
    'documents.state.notYetUploaded': 'The patient has not finished uploading it',
    'documents.retry': 'Send again',
    'documents.file.open': 'Open',
    'documents.file.close': 'Close',
    'documents.file.download': 'Download',
    'documents.file.offline': 'Saved on this device',
    'documents.deleteTitle': 'Delete the document?',
    'documents.deleteAction': 'Delete',
    'documents.cancel': 'Cancel',
    'documents.deleted': 'The document was deleted.',
    'documents.reviewedOn': 'Reviewed by a doctor on {date}',
    'documents.markedReviewed': 'Marked as reviewed.',
    'documents.fileCount.one': '{count} file',
    'documents.fileCount.other': '{count} files',
    'documents.documentCount.one': '{count} document',
    'documents.documentCount.other': '{count} documents',
    'documents.toReview': 'Not reviewed: {count}',
    'documents.patients.title': "Patients' documents",
    'documents.patients.none': 'Your patients have no documents yet.',
    'documents.patients.unnamed': 'Patient without a name in the profile',
    'documents.patient.none': 'The patient has not uploaded documents yet.',
    'documents.offline.title': 'Working offline',
    'documents.offline.hint': "Your patients' files are saved on this device and open without internet.",
    'documents.offline.saving': 'Saving files on this device: {count} left',
    'documents.offline.doesNotFit': '{count} files did not fit. Raise the limit to open them offline.',
    'documents.offline.allSaved': 'All files are saved on this device.',
    'documents.offline.checking': 'Checking the files on this device…',
    'documents.viewer.loading': 'Opening the file…',
    'documents.viewer.failed': 'The file cannot be shown. Download it to open it in another program.',
    'documents.viewer.heic': 'This browser does not show HEIC photos. Download the file to open it.',
    'documents.viewer.dicomCompressed': 'The image is compressed in a way the viewer does not show ({syntax}). Download the file for a DICOM viewer.',
    'documents.viewer.previous': 'Previous',
    'documents.viewer.next': 'Next',
    'documents.viewer.windowWidth': 'Window width',
    'documents.viewer.windowCenter': 'Window centre',
    'documents.viewer.resetWindow': 'Reset window',
    'documents.viewer.series': 'Series "{name}"',
    'documents.viewer.dicomHint': 'Drag over the image: left-right for contrast, up-down for brightness.',
  },
};

/** Translations for the documents pages: their own strings first, then the shell's dictionaries. */
@Injectable({ providedIn: 'root' })
export class DocumentsText {
  private readonly shell = inject(TranslationService);

  language(): Language {
    return this.shell.language();
  }

  t(key: string, params?: Params): string {
    const language = this.shell.language();
    const own = DOCUMENTS_UI_STRINGS[language][key] ?? DOCUMENTS_UI_STRINGS.ru[key];
    if (own === undefined) return this.shell.t(key, params);
    return params ? own.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : own;
  }

  /** `<base>.one|few|many|other` by the language's plural rules. */
  plural(base: string, count: number, params?: Params): string {
    const category = pluralRules(this.shell.language()).select(count);
    const strings = DOCUMENTS_UI_STRINGS[this.shell.language()];
    const key = strings[`${base}.${category}`] !== undefined ? `${base}.${category}` : `${base}.other`;
    return this.t(key, { count, ...params });
  }

  /** A size as people read it: «12,5 МБ». */
  bytes(value: number): string {
    const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
    let unit = 0;
    let amount = value;
    while (amount >= 1024 && unit < units.length - 1) {
      amount /= 1024;
      unit++;
    }
    return sizeFormat(this.shell.language(), units[unit]!, amount < 10 && unit > 0 ? 1 : 0).format(amount);
  }

  /** `2026-12-01T10:00:00.000Z` → `01.12.2026` in the viewer's zone. */
  day(iso: string): string {
    return dayFormat(this.shell.language()).format(new Date(iso));
  }
}

// Building an Intl formatter costs far more than using one, and a long list formats a size and a
// date per card on every change detection: each is built once per language (and unit).
const formatters = new Map<string, Intl.PluralRules | Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.PluralRules | Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) formatters.set(key, (formatter = make()));
  return formatter;
}

function pluralRules(language: Language): Intl.PluralRules {
  return cached(`plural:${language}`, () => new Intl.PluralRules(language));
}

function sizeFormat(language: Language, unit: string, fractionDigits: number): Intl.NumberFormat {
  return cached(`size:${language}:${unit}:${fractionDigits}`, () => new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: fractionDigits }));
}

function dayFormat(language: Language): Intl.DateTimeFormat {
  return cached(`day:${language}`, () => new Intl.DateTimeFormat(language, { day: '2-digit', month: '2-digit', year: 'numeric' }));
}

/** `{{ 'documents.title' | t }}` on the documents pages (impure: follows the language signal). */
@Pipe({ name: 't', pure: false })
export class DocumentsTextPipe implements PipeTransform {
  private readonly text = inject(DocumentsText);

  transform(key: string, params?: Params): string {
    return this.text.t(key, params);
  }
}

/** `2026-11-05` → `05.11.2026`. */
export function formatDocumentDate(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value.split('-').reverse().join('.') : value;
}
