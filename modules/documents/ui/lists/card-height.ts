import type { MedicalDocument } from '../../schema';

/** Gap below each card in the virtual list (the item's padding). */
const GAP = 12;
/** The card's frame: border and padding. */
const FRAME = 2 + 12 + 8;
const HEADER = 48;
const FILE_ROW = 68;
const NOTE_LINE = 20;
const NOTE_CHARS_PER_LINE = 40;
const FOOTER = { review: 57, reviewed: 40 };

/**
 * The height a document card will probably take before it is drawn, so the scroll bar and a
 * jump to the end are about right; the virtual list replaces it by the measured height.
 */
export function estimatedCardHeight(document: Pick<MedicalDocument, 'note' | 'files' | 'reviewedAt'>, mode: 'patient' | 'doctor' | 'reader'): number {
  const noteLines = document.note ? document.note.split('\n').reduce((lines, line) => lines + Math.max(1, Math.ceil(line.length / NOTE_CHARS_PER_LINE)), 0) : 0;
  const footer = document.reviewedAt ? FOOTER.reviewed : mode === 'doctor' ? FOOTER.review : 0;
  return FRAME + HEADER + (noteLines ? 8 + noteLines * NOTE_LINE : 0) + 8 + document.files.length * FILE_ROW + footer + GAP;
}
