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
  consent_outdated: { ru: 'Текст согласия обновился. Прочитайте его ещё раз.', en: 'The consent text has changed. Please read it again.' },
  internal: { ru: 'Внутренняя ошибка сервера. Повторите позже.', en: 'Internal server error. Try again later.' },
};

export function errorMessage(code: string, language: Language = 'ru'): string {
  return (ERROR_MESSAGES[code] ?? ERROR_MESSAGES['internal'])[language];
}

export function apiError(code: string, language: Language = 'ru', extra: Partial<ApiError> = {}): ApiError {
  return { code, message: errorMessage(code, language), ...extra };
}
