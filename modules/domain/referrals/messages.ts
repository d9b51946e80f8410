import type { Language } from '../errors';
import type { LocalisedRowIssue, RowIssue, RowIssueCode } from './types';

/** What each row problem means, for the manager (Russian first). */
export const ROW_ISSUE_MESSAGES: Record<RowIssueCode, Record<Language, string>> = {
  name_missing: { ru: 'Не указаны ФИО.', en: 'The full name is missing.' },
  name_invalid: { ru: 'ФИО записаны неправильно: слишком коротко или слишком длинно.', en: 'The full name looks wrong: too short or too long.' },
  name_characters: { ru: 'В ФИО есть знаки, которых не бывает в именах (цифры, = + @ < > " ( ) …): проверьте ячейку.', en: 'The full name holds characters no name has (digits, = + @ < > " ( ) …): check the cell.' },
  name_single_word: { ru: 'Указано только одно слово ФИО (фамилия?): проверьте, что имя и отчество не потерялись.', en: 'Only one word of the full name (the surname?): check the first name is not missing.' },
  phone_missing: { ru: 'Не указан телефон: на него придёт логин и пароль.', en: 'The phone is missing: the login and password are sent to it.' },
  phone_invalid: { ru: 'Неправильный номер телефона (буквы, не хватает цифр).', en: 'Invalid phone number (letters, or digits missing).' },
  birth_date_invalid: { ru: 'Такой даты рождения не существует.', en: 'This date of birth does not exist.' },
  birth_date_future: { ru: 'Дата рождения в будущем.', en: 'The date of birth is in the future.' },
  birth_date_too_early: { ru: 'Дата рождения раньше 1900 года — проверьте год.', en: 'The date of birth is before 1900: check the year.' },
  phone_other_person: { ru: 'Этот телефон указан у разных людей', en: 'This phone belongs to different people' },
  phone_other_patient: { ru: 'Этот телефон уже зарегистрирован на другого пациента.', en: 'This phone is already registered to another patient.' },
  phone_staff: { ru: 'Этот телефон принадлежит сотруднику сервиса.', en: 'This phone belongs to a member of staff.' },
  birth_date_missing: { ru: 'Не указана дата рождения: пациент заполнит её сам.', en: 'No date of birth: the patient will fill it in.' },
  icd10_invalid: { ru: 'Код МКБ-10 не распознан (пример: I10, C50.9) — направление импортируется без кода.', en: 'The ICD-10 code is not recognised (e.g. I10, C50.9): imported without a code.' },
  diagnosis_missing: { ru: 'Не указаны диагноз и код МКБ-10.', en: 'Neither diagnosis nor ICD-10 code is given.' },
  duplicate_in_file: { ru: 'Повтор: то же направление того же пациента', en: 'Repeated: the same referral of the same patient' },
  existing_patient: { ru: 'Уже пациент сервиса: направление добавится к его учётной записи, SMS не отправляется.', en: 'Already a patient: the referral is added to the account, no SMS is sent.' },
  already_imported: { ru: 'Это направление уже импортировано раньше: ничего нового.', en: 'This referral was imported before: nothing new.' },
  region_unknown: { ru: 'Регион не распознан: часовой пояс будет московским, пациент сможет изменить его в профиле.', en: 'The region is not recognised: the time zone will be Moscow; the patient can change it in the profile.' },
  same_person_other_row: { ru: 'Тот же пациент с другим направлением', en: 'The same patient with another referral' },
};

/**
 * The issue with its message in the language asked for; related rows are named by
 * `labelOf` (e.g. «строка 12, лист «Октябрь»»).
 */
export function localiseIssue(issue: RowIssue, language: Language, labelOf: (rowId: string) => string): LocalisedRowIssue {
  let message = ROW_ISSUE_MESSAGES[issue.code][language];
  if (issue.relatedRows && issue.relatedRows.length > 0) {
    const shown = issue.relatedRows.slice(0, 3).map(labelOf).join('; ');
    const more = issue.relatedRows.length > 3 ? (language === 'ru' ? ` и ещё ${issue.relatedRows.length - 3}` : ` and ${issue.relatedRows.length - 3} more`) : '';
    message = `${message.replace(/\.$/, '')} (${shown}${more}).`;
  } else if (!message.endsWith('.')) {
    message = `${message}.`;
  }
  return { ...issue, message };
}
