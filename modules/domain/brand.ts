/** The one name every message of the service signs with (SMS, push titles, calendar entries). */
export const SERVICE_BRAND = { ru: 'Облако здоровья', en: 'Oblako' } as const;

/** An SMS as people receive it: the brand first, so a phone's list shows who wrote. */
export function brandedSms(text: string): string {
  return `${SERVICE_BRAND.ru}: ${text}`;
}
