/**
 * Consultation profiles (специальности) the service offers. A referral names one in free text
 * («Профиль консультации»); `specialtyOf` maps the usual spellings to a code, and anything
 * else is kept as written, so no referral is lost for want of a code.
 */
export interface Specialty {
  code: string;
  ru: string;
  en: string;
}

export const SPECIALTIES: readonly Specialty[] = [
  { code: 'cardiology', ru: 'Кардиология', en: 'Cardiology' },
  { code: 'oncology', ru: 'Онкология', en: 'Oncology' },
  { code: 'neurology', ru: 'Неврология', en: 'Neurology' },
  { code: 'endocrinology', ru: 'Эндокринология', en: 'Endocrinology' },
  { code: 'gastroenterology', ru: 'Гастроэнтерология', en: 'Gastroenterology' },
  { code: 'pulmonology', ru: 'Пульмонология', en: 'Pulmonology' },
  { code: 'rheumatology', ru: 'Ревматология', en: 'Rheumatology' },
  { code: 'nephrology', ru: 'Нефрология', en: 'Nephrology' },
  { code: 'hematology', ru: 'Гематология', en: 'Haematology' },
  { code: 'surgery', ru: 'Хирургия', en: 'Surgery' },
  { code: 'traumatology', ru: 'Травматология и ортопедия', en: 'Traumatology and orthopaedics' },
  { code: 'urology', ru: 'Урология', en: 'Urology' },
  { code: 'gynecology', ru: 'Акушерство и гинекология', en: 'Obstetrics and gynaecology' },
  { code: 'pediatrics', ru: 'Педиатрия', en: 'Paediatrics' },
  { code: 'therapy', ru: 'Терапия', en: 'General medicine' },
];

const normalise = (text: string): string => text.trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ');

/** The code for a profile as a person wrote it (`Кардиология`, `кардиолог`, `cardiology`), else the text itself trimmed. */
export function specialtyOf(written: string): string {
  const text = normalise(written);
  if (text === '') return '';
  for (const specialty of SPECIALTIES) {
    const names = [specialty.code, normalise(specialty.ru), normalise(specialty.en)];
    if (names.includes(text)) return specialty.code;
    // «кардиолог», «онколог»: the doctor's title instead of the field's name.
    const stem = normalise(specialty.ru).replace(/ия$/, '');
    if (text === stem || text === `${stem}ия`) return specialty.code;
  }
  return written.trim();
}

/** The name to show for a stored specialty: a known code in the reader's language, else as written. */
export function specialtyLabel(specialty: string, language: 'ru' | 'en'): string {
  const known = SPECIALTIES.find((entry) => entry.code === specialty);
  return known ? known[language] : specialty;
}

/** What the specialist is called («кардиолог», «cardiologist»), for naming a doctor by their field. */
const SPECIALISTS: Readonly<Record<string, { ru: string; en: string }>> = {
  cardiology: { ru: 'кардиолог', en: 'cardiologist' },
  oncology: { ru: 'онколог', en: 'oncologist' },
  neurology: { ru: 'невролог', en: 'neurologist' },
  endocrinology: { ru: 'эндокринолог', en: 'endocrinologist' },
  gastroenterology: { ru: 'гастроэнтеролог', en: 'gastroenterologist' },
  pulmonology: { ru: 'пульмонолог', en: 'pulmonologist' },
  rheumatology: { ru: 'ревматолог', en: 'rheumatologist' },
  nephrology: { ru: 'нефролог', en: 'nephrologist' },
  hematology: { ru: 'гематолог', en: 'haematologist' },
  surgery: { ru: 'хирург', en: 'surgeon' },
  traumatology: { ru: 'травматолог-ортопед', en: 'orthopaedic surgeon' },
  urology: { ru: 'уролог', en: 'urologist' },
  gynecology: { ru: 'акушер-гинеколог', en: 'obstetrician-gynaecologist' },
  pediatrics: { ru: 'педиатр', en: 'paediatrician' },
  therapy: { ru: 'терапевт', en: 'general practitioner' },
};

/** «кардиолог» for `cardiology`; a specialty without a known title is named by its field in lower case. */
export function specialistTitle(specialty: string, language: 'ru' | 'en'): string {
  return SPECIALISTS[specialty]?.[language] ?? specialtyLabel(specialty, language).toLowerCase();
}
