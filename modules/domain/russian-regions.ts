import { comparable } from './referrals/normalize';

/**
 * Russia's federal subjects and the zone their people live in, as one of the eleven zones the
 * app offers (RUSSIAN_TIME_ZONES): a referral table names the patient's region («Субъект РФ»),
 * and the imported profile starts in that region's zone instead of Moscow.
 *
 * Where the region's own IANA zone is another city with the same offset (Novosibirsk, Chita,
 * Sakhalin, Anadyr, Astrakhan, …) the app's zone of that offset is used: no DST in Russia since
 * 2014, so the times shown are the same. A region over several zones (Yakutia) takes its capital's.
 * Volgograd has been on Moscow time since 27 Dec 2020.
 */
export interface RussianRegion {
  /** The official short name as people write it in a table. */
  name: string;
  /** One of RUSSIAN_TIME_ZONES. */
  timeZone: string;
  /**
   * What identifies it in free text, after `comparable()` (lower case, ё → е, punctuation gone):
   * each matches at the start of a word; tried in table order, so the more specific come first.
   */
  patterns: readonly RegExp[];
}

const word = (stem: string): RegExp => new RegExp(`(^| )${stem}`);
const whole = (text: string): RegExp => new RegExp(`(^| )${text}( |$)`);

const KALININGRAD = 'Europe/Kaliningrad';
const MOSCOW = 'Europe/Moscow';
const SAMARA = 'Europe/Samara';
const YEKATERINBURG = 'Asia/Yekaterinburg';
const OMSK = 'Asia/Omsk';
const KRASNOYARSK = 'Asia/Krasnoyarsk';
const IRKUTSK = 'Asia/Irkutsk';
const YAKUTSK = 'Asia/Yakutsk';
const VLADIVOSTOK = 'Asia/Vladivostok';
const MAGADAN = 'Asia/Magadan';
const KAMCHATKA = 'Asia/Kamchatka';

const region = (name: string, timeZone: string, ...patterns: (string | RegExp)[]): RussianRegion => ({
  name,
  timeZone,
  patterns: patterns.map((pattern) => (typeof pattern === 'string' ? word(pattern) : pattern)),
});

/** The 89 subjects (Constitution art. 65 as amended), the compound names before their parts. */
export const RUSSIAN_REGIONS: readonly RussianRegion[] = [
  // Autonomous okrugs whose names contain another subject's
  region('Ямало-Ненецкий автономный округ', YEKATERINBURG, 'ямал', whole('янао')),
  region('Ханты-Мансийский автономный округ — Югра', YEKATERINBURG, 'ханты', 'югра', whole('хмао')),
  region('Ненецкий автономный округ', MOSCOW, 'ненецк', whole('нао')),
  region('Чукотский автономный округ', KAMCHATKA, 'чукотк', 'чукотск', whole('чао')),
  region('Еврейская автономная область', VLADIVOSTOK, 'еврейск', whole('еао')),
  // Cities of federal significance
  region('Санкт-Петербург', MOSCOW, 'санкт петербург', 'петербург', whole('спб'), whole('с пб')),
  region('Севастополь', MOSCOW, 'севастопол'),
  region('Москва', MOSCOW, whole('москва'), whole('мск')),
  // Republics
  region('Республика Адыгея', MOSCOW, 'адыге'),
  region('Республика Алтай', KRASNOYARSK, /(^| )(республика|респ|р) алтай( |$)/, /^алтай( республика| респ)?$/, 'горно алтайск'),
  region('Республика Башкортостан', YEKATERINBURG, 'башкорт', 'башкир'),
  region('Республика Бурятия', IRKUTSK, 'бурят'),
  region('Республика Дагестан', MOSCOW, 'дагестан'),
  region('Донецкая Народная Республика', MOSCOW, 'донецк', whole('днр')),
  region('Республика Ингушетия', MOSCOW, 'ингуш'),
  region('Кабардино-Балкарская Республика', MOSCOW, 'кабардин', whole('кбр')),
  region('Республика Калмыкия', MOSCOW, 'калмык'),
  region('Карачаево-Черкесская Республика', MOSCOW, 'карачаев', whole('кчр')),
  region('Республика Карелия', MOSCOW, 'карели'),
  region('Республика Коми', MOSCOW, whole('коми')),
  region('Республика Крым', MOSCOW, 'крым'),
  region('Луганская Народная Республика', MOSCOW, 'луганск', whole('лнр')),
  region('Республика Марий Эл', MOSCOW, 'марий'),
  region('Республика Мордовия', MOSCOW, 'мордов'),
  region('Республика Саха (Якутия)', YAKUTSK, whole('саха'), 'якути'),
  region('Республика Северная Осетия — Алания', MOSCOW, 'осети', 'алания'),
  region('Республика Татарстан', MOSCOW, 'татарстан', 'татария'),
  region('Республика Тыва', KRASNOYARSK, whole('тыва'), whole('тува')),
  region('Удмуртская Республика', SAMARA, 'удмурт'),
  region('Республика Хакасия', KRASNOYARSK, 'хакас'),
  region('Чеченская Республика', MOSCOW, 'чечен', 'чечн'),
  region('Чувашская Республика', MOSCOW, 'чуваш'),
  // Krais
  region('Алтайский край', KRASNOYARSK, 'алтайск'),
  region('Забайкальский край', YAKUTSK, 'забайкал'),
  region('Камчатский край', KAMCHATKA, 'камчат'),
  region('Краснодарский край', MOSCOW, 'краснодар', 'кубан'),
  region('Красноярский край', KRASNOYARSK, 'красноярск'),
  region('Пермский край', YEKATERINBURG, 'пермск', whole('пермь')),
  region('Приморский край', VLADIVOSTOK, 'приморск', 'приморье'),
  region('Ставропольский край', MOSCOW, 'ставропол'),
  region('Хабаровский край', VLADIVOSTOK, 'хабаровск'),
  // Oblasts
  region('Амурская область', YAKUTSK, 'амурск'),
  region('Архангельская область', MOSCOW, 'архангельск'),
  region('Астраханская область', SAMARA, 'астрахан'),
  region('Белгородская область', MOSCOW, 'белгород'),
  region('Брянская область', MOSCOW, 'брянск'),
  region('Владимирская область', MOSCOW, 'владимирск'),
  region('Волгоградская область', MOSCOW, 'волгоград'),
  region('Вологодская область', MOSCOW, 'вологод'),
  region('Воронежская область', MOSCOW, 'воронеж'),
  region('Запорожская область', MOSCOW, 'запорож'),
  region('Ивановская область', MOSCOW, 'ивановск'),
  region('Иркутская область', IRKUTSK, 'иркутск'),
  region('Калининградская область', KALININGRAD, 'калининград'),
  region('Калужская область', MOSCOW, 'калужск', whole('калуга')),
  region('Кемеровская область — Кузбасс', KRASNOYARSK, 'кемеров', 'кузбас'),
  region('Кировская область', MOSCOW, 'кировская'),
  region('Костромская область', MOSCOW, 'костром'),
  region('Курганская область', YEKATERINBURG, 'курган'),
  region('Курская область', MOSCOW, 'курск'),
  region('Ленинградская область', MOSCOW, 'ленинград'),
  region('Липецкая область', MOSCOW, 'липецк'),
  region('Магаданская область', MAGADAN, 'магадан'),
  region('Московская область', MOSCOW, 'московск', 'подмосков'),
  region('Мурманская область', MOSCOW, 'мурманск'),
  region('Нижегородская область', MOSCOW, 'нижегород', 'нижний новгород'),
  region('Новгородская область', MOSCOW, 'новгородск', 'великий новгород'),
  region('Новосибирская область', KRASNOYARSK, 'новосибирск'),
  region('Омская область', OMSK, 'омск'),
  region('Оренбургская область', YEKATERINBURG, 'оренбург'),
  region('Орловская область', MOSCOW, 'орловск', whole('орел')),
  region('Пензенская область', MOSCOW, 'пенз'),
  region('Псковская область', MOSCOW, 'псков'),
  region('Ростовская область', MOSCOW, 'ростовск', 'ростов на дону'),
  region('Рязанская область', MOSCOW, 'рязан'),
  region('Самарская область', SAMARA, 'самар'),
  region('Саратовская область', SAMARA, 'саратов'),
  region('Сахалинская область', MAGADAN, 'сахалин'),
  region('Свердловская область', YEKATERINBURG, 'свердловск', 'екатеринбург'),
  region('Смоленская область', MOSCOW, 'смоленск'),
  region('Тамбовская область', MOSCOW, 'тамбов'),
  region('Тверская область', MOSCOW, 'тверск', whole('тверь')),
  region('Томская область', KRASNOYARSK, 'томск'),
  region('Тульская область', MOSCOW, 'тульск', whole('тула')),
  region('Тюменская область', YEKATERINBURG, 'тюмен'),
  region('Ульяновская область', SAMARA, 'ульяновск'),
  region('Херсонская область', MOSCOW, 'херсон'),
  region('Челябинская область', YEKATERINBURG, 'челябинск'),
  region('Ярославская область', MOSCOW, 'ярослав'),
];

/**
 * The federal subject a table cell names («Приморский край», «Респ. Саха (Якутия)», «г. Москва»,
 * «ХМАО», «Свердловская обл.», a regional capital such as «Омск»), or null when it names none.
 */
export function regionFromText(text: string): RussianRegion | null {
  const key = comparable(text);
  if (!key) return null;
  return RUSSIAN_REGIONS.find((candidate) => candidate.patterns.some((pattern) => pattern.test(key))) ?? null;
}
