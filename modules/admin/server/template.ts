import { loadExcel } from './parse/xlsx';

const COLUMNS = [
  { header: 'ФИО', key: 'fullName', width: 34, example: 'Иванова Мария Петровна' },
  { header: 'Дата рождения', key: 'birthDate', width: 15, example: new Date(Date.UTC(1968, 4, 4)) },
  { header: 'Телефон', key: 'phone', width: 19, example: '+7 900 123-45-67' },
  { header: 'Диагноз', key: 'diagnosis', width: 36, example: 'Гипертоническая болезнь II стадии' },
  { header: 'Код МКБ-10', key: 'icd10', width: 12, example: 'I11.9' },
  { header: 'Направившая медицинская организация', key: 'referringOrganization', width: 40, example: 'ГБУЗ «Центральная районная больница»' },
  { header: 'Лечащий врач', key: 'attendingDoctor', width: 28, example: 'Петров Пётр Петрович' },
  { header: 'Профиль консультации', key: 'consultationProfile', width: 24, example: 'Кардиология' },
  { header: 'Регион', key: 'region', width: 24, example: 'Приморский край' },
] as const;

const HELP = [
  'Как заполнять таблицу направлений',
  '',
  'Одна строка — одно направление. Если у пациента два заболевания, сделайте две строки с одним и тем же телефоном.',
  'Обязательны ФИО и мобильный телефон пациента: на него придёт SMS с логином и временным паролем.',
  'Дата рождения — в формате ДД.ММ.ГГГГ. Код МКБ-10 — латинская буква и цифры, например I10 или C50.9.',
  'Порядок столбцов может быть любым, над таблицей можно оставить заголовок. Можно разнести данные по нескольким листам.',
  'ФИО можно записать в одном столбце или в трёх: «Фамилия», «Имя», «Отчество».',
  'Регион (субъект РФ) необязателен: по нему пациенту ставится часовой пояс, иначе — московский.',
  'Повторная загрузка того же файла ничего не создаёт и не отправляет SMS повторно.',
  'В одном импорте — не больше 10 000 строк.',
];

/** The template the manager sends to regional doctors: every recognised column and one example row. */
export async function referralTemplate(): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'Облако здоровья';
  const sheet = workbook.addWorksheet('Направления', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((column) => ({ header: column.header, key: column.key, width: column.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).alignment = { wrapText: true, vertical: 'middle' };
  sheet.addRow(Object.fromEntries(COLUMNS.map((column) => [column.key, column.example])));
  sheet.getColumn('birthDate').numFmt = 'dd.mm.yyyy';
  // Phones and codes as text, or Excel turns «89001234567» into 8.9E+10 and «I10» stays but «010» would not.
  for (const key of ['phone', 'icd10'] as const) sheet.getColumn(key).numFmt = '@';
  const help = workbook.addWorksheet('Как заполнять');
  help.getColumn(1).width = 110;
  HELP.forEach((line, index) => {
    const cell = help.getCell(index + 1, 1);
    cell.value = line;
    cell.alignment = { wrapText: true };
    if (index === 0) cell.font = { bold: true, size: 13 };
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
