import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RUSSIAN_REGIONS, regionFromText } from './russian-regions';
import { RUSSIAN_TIME_ZONES, isRussianTimeZone } from './time-zones';

test('the table holds the 89 federal subjects, each once, each in one of the app\'s eleven zones', () => {
  assert.equal(RUSSIAN_REGIONS.length, 89);
  assert.equal(new Set(RUSSIAN_REGIONS.map((region) => region.name)).size, 89);
  for (const region of RUSSIAN_REGIONS) assert.ok(isRussianTimeZone(region.timeZone), `${region.name}: ${region.timeZone}`);
  // Every zone the app offers has its people.
  assert.deepEqual(new Set(RUSSIAN_REGIONS.map((region) => region.timeZone)), new Set(RUSSIAN_TIME_ZONES.map((zone) => zone.id)));
});

test('every region is found by its own name, in any case and punctuation (no other region\'s pattern takes it first)', () => {
  for (const region of RUSSIAN_REGIONS) {
    assert.equal(regionFromText(region.name)?.name, region.name, region.name);
    assert.equal(regionFromText(region.name.toUpperCase())?.name, region.name, `${region.name} upper case`);
  }
});

test('the zone of a region in each of the eleven zones', () => {
  const cases: [string, string][] = [
    ['Калининградская область', 'Europe/Kaliningrad'],
    ['г. Москва', 'Europe/Moscow'],
    ['Волгоградская обл.', 'Europe/Moscow'],
    ['Самарская обл.', 'Europe/Samara'],
    ['Удмуртия', 'Europe/Samara'],
    ['Свердловская область', 'Asia/Yekaterinburg'],
    ['ХМАО', 'Asia/Yekaterinburg'],
    ['Омская область', 'Asia/Omsk'],
    ['Красноярский край', 'Asia/Krasnoyarsk'],
    ['Новосибирская обл', 'Asia/Krasnoyarsk'],
    ['Иркутская область', 'Asia/Irkutsk'],
    ['Республика Бурятия', 'Asia/Irkutsk'],
    ['Респ. Саха (Якутия)', 'Asia/Yakutsk'],
    ['Забайкальский край', 'Asia/Yakutsk'],
    ['Приморский край', 'Asia/Vladivostok'],
    ['Хабаровский край', 'Asia/Vladivostok'],
    ['Магаданская область', 'Asia/Magadan'],
    ['Сахалинская обл.', 'Asia/Magadan'],
    ['Камчатский край', 'Asia/Kamchatka'],
    ['Чукотский АО', 'Asia/Kamchatka'],
  ];
  for (const [text, zone] of cases) assert.equal(regionFromText(text)?.timeZone, zone, text);
});

test('how tables write them: abbreviations, capitals, compound names', () => {
  const cases: [string, string][] = [
    ['РЕСПУБЛИКА САХА', 'Республика Саха (Якутия)'],
    ['Якутия', 'Республика Саха (Якутия)'],
    ['Ямало-Ненецкий АО', 'Ямало-Ненецкий автономный округ'],
    ['Ненецкий АО', 'Ненецкий автономный округ'],
    ['Ханты-Мансийский автономный округ - Югра', 'Ханты-Мансийский автономный округ — Югра'],
    ['Республика Алтай', 'Республика Алтай'],
    ['Алтайский край', 'Алтайский край'],
    ['Санкт-Петербург', 'Санкт-Петербург'],
    ['СПб', 'Санкт-Петербург'],
    ['Московская обл.', 'Московская область'],
    ['Москва', 'Москва'],
    ['Нижегородская область', 'Нижегородская область'],
    ['Новгородская обл.', 'Новгородская область'],
    ['Курская область', 'Курская область'],
    ['Курганская область', 'Курганская область'],
    ['Томская', 'Томская область'],
    ['Омск', 'Омская область'],
    ['Северная Осетия — Алания', 'Республика Северная Осетия — Алания'],
    ['Кузбасс', 'Кемеровская область — Кузбасс'],
    ['Еврейская АО', 'Еврейская автономная область'],
  ];
  for (const [text, name] of cases) assert.equal(regionFromText(text)?.name, name, text);
});

test('what names no region gives null (the import warns and keeps Moscow)', () => {
  for (const text of ['', '   ', 'Марс', 'Казахстан', '—', '123']) assert.equal(regionFromText(text), null, text);
});
