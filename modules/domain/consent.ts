/**
 * Informed consent to the processing of personal and health data (152-FZ art. 9–10; Order 193n
 * for telemedicine). A patient accepts the current version before any document is uploaded;
 * the server records who, which version (and a hash of its text), when and from where.
 * A new version of the text needs a new version string: earlier acceptances stay on record but
 * no longer count as current.
 */
export const CONSENT_API = {
  current: '/api/consent',
  /** POST {version}: the patient withdraws the consent they gave (152-FZ art. 9 §2). */
  withdrawal: '/api/consent/withdrawal',
} as const;

export const CONSENT_VERSION = '2026-11-01';

export const CONSENT_TEXT = {
  ru: [
    'Я даю согласие на обработку моих персональных данных, включая сведения о состоянии здоровья, ' +
      'сервису телемедицинских консультаций «Облако здоровья» в целях организации и проведения ' +
      'консультации врача-специалиста с применением телемедицинских технологий (Федеральный закон ' +
      '№ 152-ФЗ «О персональных данных», Федеральный закон № 323-ФЗ «Об основах охраны здоровья граждан»).',
    'Согласие распространяется на ФИО, дату рождения, номер телефона, регион проживания, медицинские ' +
      'документы и результаты обследований, которые я загружаю, а также на заключения врачей.',
    'Данные хранятся на территории Российской Федерации и доступны только закреплённому за мной врачу ' +
      'и уполномоченным сотрудникам сервиса, обязанным хранить врачебную тайну. Каждый просмотр моих ' +
      'документов записывается.',
    'Я понимаю, что дистанционная консультация не заменяет очный приём и что первичный диагноз ' +
      'дистанционно не устанавливается. Согласие действует до его отзыва; отозвать его можно, обратившись ' +
      'к менеджеру сервиса.',
  ],
  en: [
    'I consent to the processing of my personal data, including data about my health, by the ' +
      '"Oblako zdorovya" telemedicine service for arranging and holding a specialist consultation ' +
      'by telemedicine (Russian Federal Laws No. 152-FZ on personal data and No. 323-FZ on health care).',
    'The consent covers my full name, date of birth, phone number, region, the medical documents and ' +
      'test results I upload, and the doctors\' conclusions.',
    'The data are stored in the Russian Federation and are available only to the doctor assigned to me ' +
      'and to authorised staff bound by medical secrecy. Every view of my documents is recorded.',
    'I understand that a remote consultation does not replace an in-person visit and that a first ' +
      'diagnosis is not made remotely. The consent is valid until I withdraw it by contacting the service manager.',
  ],
} as const;

/** What GET /api/consent answers. */
export interface ConsentStatus {
  version: string;
  text: { ru: readonly string[]; en: readonly string[] };
  accepted: boolean;
  acceptedAt?: string;
  /** The latest withdrawal of this version, when the patient has withdrawn and not consented again. */
  withdrawnAt?: string;
}

/** POST /api/consent: the patient accepts exactly the version they were shown. */
export interface ConsentAcceptance {
  version: string;
}

/**
 * POST /api/consent/withdrawal: the patient withdraws the consent of exactly this version. What
 * follows (the server's side, 152-FZ art. 9 §2, art. 21 §5): the withdrawal is recorded next to
 * the acceptance (who, when, from where), new data are refused (uploads, consultations need
 * consent), every session of the account ends, and the next sign-in asks for consent again.
 * Medical documents and conclusions already in the record are kept: 323-FZ obliges the medical
 * organisation to keep medical records, a basis of its own (152-FZ art. 10 §2 p. 4).
 */
export interface ConsentWithdrawal {
  version: string;
}
