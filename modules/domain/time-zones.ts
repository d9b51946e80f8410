/**
 * Russia's 11 time zones (no daylight saving since 2014). Times are stored in UTC and shown in
 * the viewer's zone; every message that carries a time names the zone.
 */
export interface RussianTimeZone {
  id: string;         // IANA name
  utcOffset: string;  // "+03:00"
  ru: string;         // label in Russian
  en: string;
}

export const RUSSIAN_TIME_ZONES: readonly RussianTimeZone[] = [
  { id: 'Europe/Kaliningrad', utcOffset: '+02:00', ru: 'Калининград (МСК−1)', en: 'Kaliningrad (MSK−1)' },
  { id: 'Europe/Moscow', utcOffset: '+03:00', ru: 'Москва (МСК)', en: 'Moscow (MSK)' },
  { id: 'Europe/Samara', utcOffset: '+04:00', ru: 'Самара (МСК+1)', en: 'Samara (MSK+1)' },
  { id: 'Asia/Yekaterinburg', utcOffset: '+05:00', ru: 'Екатеринбург (МСК+2)', en: 'Yekaterinburg (MSK+2)' },
  { id: 'Asia/Omsk', utcOffset: '+06:00', ru: 'Омск (МСК+3)', en: 'Omsk (MSK+3)' },
  { id: 'Asia/Krasnoyarsk', utcOffset: '+07:00', ru: 'Красноярск (МСК+4)', en: 'Krasnoyarsk (MSK+4)' },
  { id: 'Asia/Irkutsk', utcOffset: '+08:00', ru: 'Иркутск (МСК+5)', en: 'Irkutsk (MSK+5)' },
  { id: 'Asia/Yakutsk', utcOffset: '+09:00', ru: 'Якутск (МСК+6)', en: 'Yakutsk (MSK+6)' },
  { id: 'Asia/Vladivostok', utcOffset: '+10:00', ru: 'Владивосток (МСК+7)', en: 'Vladivostok (MSK+7)' },
  { id: 'Asia/Magadan', utcOffset: '+11:00', ru: 'Магадан (МСК+8)', en: 'Magadan (MSK+8)' },
  { id: 'Asia/Kamchatka', utcOffset: '+12:00', ru: 'Камчатка (МСК+9)', en: 'Kamchatka (MSK+9)' },
];

export function isRussianTimeZone(id: unknown): boolean {
  return typeof id === 'string' && RUSSIAN_TIME_ZONES.some((zone) => zone.id === id);
}
