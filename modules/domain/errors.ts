import { CONSULTATION_ERROR_MESSAGES } from './consultation/messages';

/**
 * Errors are values a person can act on: a stable code, a message in their language, and the
 * field (or table row) it is about. The JSON body of every failed /api call is an ApiError.
 * Replication endpoints (/sync/...) answer CouchDB-style `{error, reason}` instead, because
 * that is what CouchDB clients understand.
 */
export interface ApiError {
  code: string;
  message: string;
  field?: string;
  retryAfterSeconds?: number;
}

export type Language = 'ru' | 'en';

export const ERROR_MESSAGES: Record<string, Record<Language, string>> = {
  validation: { ru: 'Проверьте введённые данные.', en: 'Please check the data you entered.' },
  invalid_phone: { ru: 'Введите номер телефона, например +7 900 123-45-67.', en: 'Enter a phone number, e.g. +7 900 123-45-67.' },
  invalid_credentials: { ru: 'Неверный номер телефона или пароль.', en: 'Wrong phone number or password.' },
  too_many_attempts: { ru: 'Слишком много попыток входа. Повторите позже.', en: 'Too many sign-in attempts. Try again later.' },
  rate_limited: { ru: 'Слишком много запросов. Повторите позже.', en: 'Too many requests. Try again later.' },
  unauthorized: { ru: 'Войдите в систему.', en: 'Please sign in.' },
  session_expired: { ru: 'Сеанс завершён. Войдите снова.', en: 'Your session has ended. Please sign in again.' },
  refresh_reused: { ru: 'Сеанс завершён из соображений безопасности. Войдите снова.', en: 'Your session was ended for security reasons. Please sign in again.' },
  forbidden: { ru: 'Недостаточно прав.', en: 'You do not have permission.' },
  not_found: { ru: 'Не найдено.', en: 'Not found.' },
  account_disabled: { ru: 'Учётная запись отключена. Обратитесь к менеджеру.', en: 'The account is disabled. Contact the manager.' },
  unsupported_media_type: { ru: 'Неподдерживаемый формат запроса.', en: 'Unsupported request format.' },
  payload_too_large: { ru: 'Слишком большой запрос.', en: 'The request is too large.' },
  phone_taken: { ru: 'Этот номер уже зарегистрирован. Войдите или восстановите пароль.', en: 'This number is already registered. Sign in or restore the password.' },
  weak_password: { ru: 'Пароль должен быть не короче 8 символов.', en: 'The password must be at least 8 characters long.' },
  consent_required: { ru: 'Сначала дайте согласие на обработку персональных данных.', en: 'Please give your consent to the processing of personal data first.' },
  consent_not_given: { ru: 'Согласие не было дано или уже отозвано.', en: 'No consent was given, or it has already been withdrawn.' },
  consent_outdated: { ru: 'Текст согласия обновился. Прочитайте его ещё раз.', en: 'The consent text has changed. Please read it again.' },
  // Views of offline copies sent later by the device (the audit)
  device_view_in_future: { ru: 'Время просмотра позже текущего: проверьте часы устройства.', en: 'The viewing time is in the future: check the device clock.' },
  device_view_too_old: { ru: 'Просмотр был больше 30 дней назад и уже не может быть записан.', en: 'The view was more than 30 days ago and can no longer be recorded.' },
  // Referral import (modules/admin)
  import_file_empty: { ru: 'Файл пустой.', en: 'The file is empty.' },
  import_file_unreadable: { ru: 'Файл не читается как таблица Excel (.xlsx) или CSV. Возможно, это не таблица или файл повреждён.', en: 'The file cannot be read as an Excel (.xlsx) or CSV table. It may not be a table, or it is damaged.' },
  import_file_encrypted: { ru: 'Файл защищён паролем. Снимите защиту в Excel («Файл» → «Сведения» → «Защитить книгу») и загрузите снова.', en: 'The file is password-protected. Remove the protection in Excel and upload it again.' },
  import_xls_unsupported: { ru: 'Старый формат Excel (.xls) не поддерживается. Откройте файл в Excel и сохраните как «Книга Excel (.xlsx)» или CSV.', en: 'The old Excel format (.xls) is not supported. Open the file in Excel and save it as an Excel workbook (.xlsx) or CSV.' },
  import_file_unsupported: { ru: 'Поддерживаются файлы .xlsx и .csv.', en: 'Only .xlsx and .csv files are supported.' },
  import_file_too_large: { ru: 'Файл больше 10 МБ. Разделите таблицу на несколько файлов.', en: 'The file is larger than 10 MB. Split the table into several files.' },
  import_csv_broken: { ru: 'Ошибка в CSV: незакрытая кавычка или неверная строка. Проверьте строку, указанную в отчёте.', en: 'CSV error: an unclosed quote or a malformed line. Check the line named in the report.' },
  import_too_many_rows: { ru: 'В одном импорте не больше 10 000 строк. Разделите таблицу на несколько файлов и загрузите их по очереди.', en: 'One import holds at most 10,000 rows. Split the table and upload the parts one after another.' },
  import_preview_expired: { ru: 'Предпросмотр устарел. Загрузите файлы снова.', en: 'The preview has expired. Upload the files again.' },
  import_conflict: { ru: 'Пока вы смотрели предпросмотр, данные изменились (например, пациент зарегистрировался сам). Загрузите файлы снова.', en: 'The data changed while you were looking at the preview (e.g. a patient registered). Upload the files again.' },
  import_in_progress: { ru: 'Этот импорт уже выполняется. Подождите немного.', en: 'This import is already running. Please wait a moment.' },
  import_not_found: { ru: 'Импорт не найден.', en: 'Import not found.' },
  sheet_no_header: { ru: 'Не найдена строка заголовков: нужны хотя бы столбцы «ФИО» и «Телефон».', en: 'No header row found: at least the "ФИО" (full name) and "Телефон" (phone) columns are needed.' },
  sheet_missing_columns: { ru: 'В строке заголовков нет обязательных столбцов', en: 'The header row lacks required columns' },
  sheet_no_rows: { ru: 'На листе нет строк с данными.', en: 'The sheet has no data rows.' },
  credentials_already_activated: { ru: 'Пациент уже вошёл и задал свой пароль. Забытый пароль он может восстановить сам по SMS.', en: 'The patient has already signed in and set a password. A forgotten password can be restored by SMS.' },
  // Registration, restore, first sign-in (modules/registration, auth)
  code_invalid: { ru: 'Неверный код.', en: 'Wrong code.' },
  code_expired: { ru: 'Срок действия кода истёк. Запросите новый код.', en: 'The code has expired. Request a new one.' },
  code_attempts_exhausted: { ru: 'Слишком много неверных попыток. Запросите новый код.', en: 'Too many wrong attempts. Request a new code.' },
  code_resend_too_soon: { ru: 'Новый код можно запросить чуть позже.', en: 'You can request a new code a little later.' },
  code_limit_reached: { ru: 'Слишком много кодов для этого номера. Повторите завтра.', en: 'Too many codes for this number. Try again tomorrow.' },
  verification_expired: { ru: 'Подтверждение номера устарело. Запросите код ещё раз.', en: 'The phone confirmation has expired. Request a code again.' },
  phone_not_registered: { ru: 'Этот номер не зарегистрирован. Зарегистрируйтесь.', en: 'This number is not registered. Please sign up.' },
  password_change_required: { ru: 'Задайте свой пароль, чтобы продолжить.', en: 'Set your own password to continue.' },
  password_unchanged: { ru: 'Новый пароль должен отличаться от временного.', en: 'The new password must differ from the current one.' },
  current_password_wrong: { ru: 'Текущий пароль введён неверно.', en: 'The current password is wrong.' },
  internal: { ru: 'Внутренняя ошибка сервера. Повторите позже.', en: 'Internal server error. Try again later.' },
  // Web push (modules/push)
  push_not_configured: { ru: 'Уведомления на телефон на этом сервере не настроены. Уведомления приходят по SMS и в разделе «Уведомления».', en: 'Phone notifications are not set up on this server. Notifications come by SMS and in «Уведомления».' },
  push_endpoint_invalid: { ru: 'Браузер передал неверный адрес для уведомлений. Отключите и включите уведомления ещё раз.', en: 'The browser gave an invalid notification address. Turn notifications off and on again.' },
  push_endpoint_not_https: { ru: 'Адрес для уведомлений должен быть защищённым (https).', en: 'The notification address must be secure (https).' },
  push_endpoint_private: { ru: 'Адрес для уведомлений должен быть сервисом уведомлений браузера, а не адресом во внутренней сети.', en: "The notification address must be the browser's push service, not an address on a private network." },
  push_keys_invalid: { ru: 'Браузер передал неверные ключи для уведомлений. Отключите и включите уведомления ещё раз.', en: 'The browser gave invalid notification keys. Turn notifications off and on again.' },
  push_foreign_account: { ru: 'Можно включить уведомления только для своей учётной записи.', en: 'You can only turn on notifications for your own account.' },
  push_device_not_found: { ru: 'Это устройство уже не получает уведомления.', en: 'This device no longer receives notifications.' },
  calendar_no_time: { ru: 'У консультации нет назначенного времени — добавить в календарь пока нечего.', en: 'The consultation has no time yet: there is nothing to add to a calendar.' },
  // Medical files (modules/documents/api.ts says when each one is answered).
  document_not_yours: { ru: 'Файлы можно прикреплять только к своим документам.', en: 'You can attach files only to your own documents.' },
  upload_metadata_invalid: { ru: 'Приложение передало неполные сведения о файле. Обновите страницу и добавьте файл снова.', en: 'The app sent incomplete file details. Reload the page and add the file again.' },
  file_empty: { ru: 'Файл пустой (0 байт). Выберите другой файл.', en: 'The file is empty (0 bytes). Choose another file.' },
  file_too_large: { ru: 'Файл слишком большой: он превышает допустимый размер одного файла.', en: 'The file is too large: it exceeds the size allowed for one file.' },
  quota_exceeded: { ru: 'Недостаточно места: вместе с этим файлом ваши документы превысят допустимый объём. Удалите ненужные документы.', en: 'Not enough space: with this file your documents would exceed your storage limit. Delete documents you no longer need.' },
  file_type_not_allowed: { ru: 'Этот файл не является PDF, фотографией (JPEG, PNG, HEIC) или снимком DICOM. Такие файлы не принимаются.', en: 'This file is not a PDF, a photo (JPEG, PNG, HEIC) or a DICOM image. Such files are not accepted.' },
  file_duplicate: { ru: 'Этот файл уже загружен: такой же файл есть в ваших документах.', en: 'This file has already been uploaded: the same file is already in your documents.' },
  file_already_uploaded: { ru: 'Этот файл уже загружен.', en: 'This file has already been uploaded.' },
  upload_not_found: { ru: 'Загрузка не найдена или устарела. Файл будет отправлен заново.', en: 'The upload was not found or has expired. The file will be sent again.' },
  upload_offset_mismatch: { ru: 'Загрузка продолжится с места, которое получил сервер.', en: 'The upload will continue from where the server stopped receiving.' },
  upload_expired: { ru: 'Незавершённая загрузка устарела и удалена. Файл будет отправлен заново.', en: 'The unfinished upload expired and was removed. The file will be sent again.' },
  file_checksum_mismatch: { ru: 'Файл повредился при передаче. Отправьте его ещё раз.', en: 'The file was damaged in transfer. Please send it again.' },
  range_not_satisfiable: { ru: 'Запрошенная часть файла за пределами его размера.', en: 'The requested part of the file is beyond its size.' },
  // Staff accounts (modules/admin, «Сотрудники») and the management CLI.
  staff_phone_taken: { ru: 'Этот номер уже принадлежит пациенту или сотруднику. Укажите другой номер.', en: 'This number already belongs to a patient or a staff member. Enter another number.' },
  staff_name_required: { ru: 'Укажите ФИО сотрудника.', en: 'Enter the staff member\'s full name.' },
  staff_specialty_required: { ru: 'Выберите хотя бы одну специальность врача.', en: 'Choose at least one specialty for the doctor.' },
  staff_time_zone_invalid: { ru: 'Выберите часовой пояс из списка.', en: 'Choose a time zone from the list.' },
  staff_not_found: { ru: 'Сотрудник не найден.', en: 'Staff member not found.' },
  staff_not_doctor: { ru: 'Специальности есть только у врачей.', en: 'Only doctors have specialties.' },
  staff_last_manager: { ru: 'Нельзя отключить последнего активного менеджера: сначала добавьте другого.', en: 'The last active manager cannot be deactivated: add another manager first.' },
  staff_already_disabled: { ru: 'Учётная запись сотрудника уже отключена.', en: 'The staff account is already deactivated.' },
  staff_disabled: { ru: 'Учётная запись сотрудника отключена: действие невозможно.', en: 'The staff account is deactivated: the action is not possible.' },
  staff_self_deactivation: { ru: 'Нельзя отключить собственную учётную запись.', en: 'You cannot deactivate your own account.' },
};

export function errorMessage(code: string, language: Language = 'ru'): string {
  // The consultation state machine's codes (already_taken, in_past, …) keep their texts in one place.
  const consultation = (CONSULTATION_ERROR_MESSAGES as Readonly<Record<string, Record<Language, string>>>)[code];
  return (ERROR_MESSAGES[code] ?? consultation ?? ERROR_MESSAGES['internal'])[language];
}

export function apiError(code: string, language: Language = 'ru', extra: Partial<ApiError> = {}): ApiError {
  return { code, message: errorMessage(code, language), ...extra };
}
