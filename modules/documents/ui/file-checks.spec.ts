import { DEFAULT_MAX_FILE_BYTES } from '../index';
import { checkDocumentFiles, checkPickedFiles, declaredMime, sha256Of, sniffFile, sniffMedicalType, type PickedFileFacts } from './file-checks';

const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
function withMagicAt(offset: number, magic: Uint8Array, length = 200): Uint8Array {
  const out = new Uint8Array(length);
  out.set(magic, offset);
  return out;
}
const formatBytes = (n: number) => `${n} B`;

describe('checks before an upload', () => {
  describe('sniffMedicalType (the signatures the server’s file-type uses)', () => {
    it('recognises PDF, JPEG, PNG, DICOM and HEIC/HEIF by their first bytes', () => {
      expect(sniffMedicalType(ascii('%PDF-1.4\n%âãÏÓ'))).toBe('application/pdf');
      expect(sniffMedicalType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('image/jpeg');
      expect(sniffMedicalType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png');
      expect(sniffMedicalType(withMagicAt(128, ascii('DICM')))).toBe('application/dicom');
      expect(sniffMedicalType(ascii('\0\0\0\x18ftypheic\0\0\0\0mif1heic'))).toBe('image/heic');
      expect(sniffMedicalType(ascii('\0\0\0\x18ftypmif1\0\0\0\0mif1heic'))).toBe('image/heif');
    });

    it('refuses what is not a medical file, whatever its name: text, JPEG-LS, MP4, a short DICOM-like file', () => {
      expect(sniffMedicalType(ascii('Это текст, а не PDF'))).toBeNull();
      expect(sniffMedicalType(bytes(0xff, 0xd8, 0xff, 0xf7))).toBeNull();
      expect(sniffMedicalType(ascii('\0\0\0\x18ftypisom\0\0\0\0isomiso2'))).toBeNull();
      expect(sniffMedicalType(withMagicAt(128, ascii('DIC'), 131))).toBeNull();
      expect(sniffMedicalType(new Uint8Array(0))).toBeNull();
    });

    it('reads only the start of a Blob', async () => {
      const pdf = new Blob([ascii('%PDF-1.7'), new Uint8Array(10_000)]);
      expect(await sniffFile(pdf)).toBe('application/pdf');
    });
  });

  describe('checkPickedFiles', () => {
    const context = { maxFileBytes: 1000, knownFiles: new Map([['a'.repeat(64), 'старое-заключение.pdf']]), formatBytes };
    const file = (facts: Partial<PickedFileFacts>): PickedFileFacts => ({ size: 10, sniffed: 'application/pdf', sha256: 'f'.repeat(64), ...facts });

    it('names the first problem a person can act on, per file', () => {
      const problems = checkPickedFiles(
        [
          file({ size: 0 }),
          file({ size: 1001 }),
          file({ sniffed: 'unknown' }),
          file({ sha256: 'b'.repeat(64) }),
          file({ sha256: 'b'.repeat(64) }),
          file({ sha256: 'a'.repeat(64) }),
          file({ sha256: null }),
          file({ sha256: 'c'.repeat(64) }),
        ],
        context,
      );
      expect(problems).toEqual([
        { key: 'error.file_empty' },
        { key: 'documents.check.tooLarge', params: { max: '1000 B' } },
        { key: 'error.file_type_not_allowed' },
        null,
        { key: 'documents.error.files.sameFileTwice' },
        { key: 'documents.check.alreadyUploaded', params: { name: 'старое-заключение.pdf' } },
        null,
        null,
      ]);
    });

    it('checks the size before the content (a 300 MB file is never read)', () => {
      expect(checkPickedFiles([file({ size: DEFAULT_MAX_FILE_BYTES + 1, sniffed: null, sha256: null })], { ...context, maxFileBytes: DEFAULT_MAX_FILE_BYTES })[0]?.key).toBe(
        'documents.check.tooLarge',
      );
    });
  });

  describe('checkDocumentFiles', () => {
    it('refuses files that would go over the patient’s quota, saying how much is free', () => {
      expect(checkDocumentFiles([400, 300], { quotaBytes: 1000, usedBytes: 400 }, formatBytes)).toEqual({
        key: 'documents.check.quota',
        params: { free: '600 B', needed: '700 B' },
      });
      expect(checkDocumentFiles([300, 300], { quotaBytes: 1000, usedBytes: 400 }, formatBytes)).toBeNull();
    });

    it('refuses more than 50 files in one document', () => {
      expect(checkDocumentFiles(new Array(51).fill(1), { quotaBytes: 1e9, usedBytes: 0 }, formatBytes)?.key).toBe('documents.check.tooMany');
    });
  });

  it('hashes with the browser’s SHA-256 (the FIPS 180-2 "abc" vector)', async () => {
    expect(await sha256Of(new Blob(['abc']))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('declares the browser’s type unless the server would refuse that declaration outright', () => {
    expect(declaredMime('image/jpeg', 'image/jpeg')).toBe('image/jpeg');
    expect(declaredMime('', 'application/dicom')).toBe('');
    expect(declaredMime('application/x-dicom', 'application/dicom')).toBe('application/dicom');
    expect(declaredMime('text/plain', null)).toBe('text/plain');
  });
});
