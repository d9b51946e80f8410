/**
 * What a file really is, from its first bytes: managers rename files, and a picture saved as
 * «список.xlsx» must get a clear message instead of a zip library's complaint.
 */
export type FileKind = 'empty' | 'zip' | 'ole' | 'ole-encrypted' | 'image' | 'pdf' | 'text' | 'binary';

const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

export function sniff(bytes: Buffer): FileKind {
  if (bytes.length === 0) return 'empty';
  if (bytes.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) return 'zip';
  if (bytes.subarray(0, 8).equals(OLE_SIGNATURE)) {
    // A password-protected .xlsx is an OLE container holding the encrypted package; a legacy
    // .xls is an OLE container holding a «Workbook» stream.
    return bytes.includes(ENCRYPTED_PACKAGE) ? 'ole-encrypted' : 'ole';
  }
  if (isImage(bytes)) return 'image';
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  // Text has no NUL bytes in its first kilobytes (UTF-8 and cp1251 alike).
  return bytes.subarray(0, 4096).includes(0) ? 'binary' : 'text';
}

function isImage(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 12);
  return (
    (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) || // JPEG
    head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) || // PNG
    head.subarray(0, 4).toString('latin1') === 'GIF8' ||
    (head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP') ||
    head.subarray(4, 8).toString('latin1') === 'ftyp' // HEIC and other ISO media
  );
}
