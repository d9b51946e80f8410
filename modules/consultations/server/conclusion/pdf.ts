import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

/**
 * The consultant's conclusion as a PDF (A4, Russian), made with pdfkit and DejaVu Sans embedded
 * from the `dejavu-fonts-ttf` package: the glyphs used are subset into the file, so it shows the
 * same on any device and nothing is fetched from a network. The text is all here; what goes in
 * comes from ./content.ts.
 */

const require = createRequire(import.meta.url);
/** DejaVu fonts (Bitstream Vera licence + public domain additions: free to embed and redistribute). */
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
type FontBytes = ReturnType<typeof readFileSync>;
let fonts: { regular: FontBytes; bold: FontBytes } | null = null;
function loadFonts(): { regular: FontBytes; bold: FontBytes } {
  fonts ??= {
    regular: readFileSync(join(FONT_DIR, 'DejaVuSans.ttf')),
    bold: readFileSync(join(FONT_DIR, 'DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

/** Everything printed, already as text (dates formatted in the patient's zone by the caller). */
export interface ConclusionPdfContent {
  serviceName: string;
  /** Document number shown in the heading, e.g. the consultation's local id. */
  number: string;
  patientName: string;
  /** «12 марта 1961» or '' when the profile has none. */
  patientBirthDate: string;
  specialty: string;
  doctorName: string;
  /** The consultation's date and time in the patient's zone, zone named. */
  consultationTime: string;
  complaints: string;
  findings: string;
  diagnosis: string;
  icd10: string;
  recommendations: string;
  /** Issued at, in the patient's zone, zone named. */
  issuedAt: string;
  /** The instant of issue, for the PDF's metadata. */
  issuedAtDate: Date;
  /** The signature line, e.g. «Электронная подпись (УКЭП): не подписано». */
  signatureLine: string;
}

export const CONCLUSION_TITLE = 'Заключение врача-консультанта по результатам телемедицинской консультации';

/** Federal Law 323-FZ art. 36.2 part 2: a remote consultation does not establish a first diagnosis. */
export const LEGAL_NOTE =
  'Консультация проведена с применением телемедицинских технологий в соответствии со статьёй 36.2 ' +
  'Федерального закона от 21.11.2011 № 323-ФЗ «Об основах охраны здоровья граждан в Российской Федерации». ' +
  'Дистанционная консультация не является установлением диагноза впервые и не заменяет очный приём: ' +
  'окончательные решения о лечении принимает лечащий врач.';

const NOT_GIVEN = '— не указано —';

export async function renderConclusionPdf(content: ConclusionPdfContent): Promise<Uint8Array> {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 62, right: 56 },
    lang: 'ru-RU',
    info: {
      Title: CONCLUSION_TITLE,
      Author: content.doctorName,
      Subject: `${content.patientName} — ${content.specialty}`,
      Creator: content.serviceName,
      Producer: content.serviceName,
      CreationDate: content.issuedAtDate,
      ModDate: content.issuedAtDate,
    },
    bufferPages: true,
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);

  const chunks: Uint8Array[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const left = doc.page.margins.left;

  doc.font('regular').fontSize(9).fillColor('#555555').text(content.serviceName, { width, align: 'right' });
  doc.moveDown(1.2);
  doc.font('bold').fontSize(14).fillColor('#000000').text(CONCLUSION_TITLE, { width, align: 'center' });
  doc.moveDown(0.3);
  doc.font('regular').fontSize(10).text(`№ ${content.number}`, { width, align: 'center' });
  doc.moveDown(1);

  const fact = (label: string, value: string): void => {
    doc.font('bold').fontSize(10.5).text(`${label}: `, { continued: true, width });
    doc.font('regular').text(value || NOT_GIVEN, { width });
    doc.moveDown(0.2);
  };
  fact('Пациент', content.patientName);
  fact('Дата рождения', content.patientBirthDate);
  fact('Профиль консультации', content.specialty);
  fact('Врач-консультант', content.doctorName);
  fact('Дата и время консультации', content.consultationTime);
  doc.moveDown(0.6);

  const section = (heading: string, body: string): void => {
    doc.font('bold').fontSize(11.5).text(heading, { width });
    doc.moveDown(0.2);
    doc.font('regular').fontSize(10.5).text(body.trim() || NOT_GIVEN, { width, align: 'left' });
    doc.moveDown(0.7);
  };
  section('Жалобы', content.complaints);
  section('Данные обследования', content.findings);
  section('Диагноз', `${content.diagnosis.trim()}\nКод по МКБ-10: ${content.icd10}`);
  section('Рекомендации', content.recommendations);

  doc.moveDown(0.4);
  fact('Заключение выдал', content.doctorName);
  fact('Дата и время выдачи', content.issuedAt);
  doc.moveDown(0.4);
  // The signature block stays in one piece.
  if (doc.y + 40 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.rect(left, doc.y, width, 24).lineWidth(0.7).strokeColor('#777777').stroke();
  doc.font('regular').fontSize(10).fillColor('#000000').text(content.signatureLine, left + 8, doc.y + 7, { width: width - 16 });
  doc.x = left;
  doc.moveDown(1.4);
  doc.font('regular').fontSize(8.5).fillColor('#444444').text(LEGAL_NOTE, left, doc.y, { width, align: 'justify' });

  // Page numbers, once the text has settled over its pages.
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const bottom = doc.page.height - doc.page.margins.bottom + 20;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(8).fillColor('#777777').text(`Страница ${index + 1} из ${range.count}`, left, bottom, { width, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
