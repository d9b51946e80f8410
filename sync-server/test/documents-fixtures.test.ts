import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import dicomParser from 'dicom-parser';
import { DICOM_TRANSFER_SYNTAX_EXPLICIT_LE, makeDicom, makeDicomSeries, makeHeicHeader, makeJpeg, makePdf, makePng } from '../../e2e/fixtures/medical-files';
import { inspect } from '../../modules/documents/server/inspect';

/**
 * The generated medical-file fixtures are real files: DICOM Part 10 read back by a kept DICOM
 * library (dicom-parser), the PDF's cross-reference table pointing at its objects, and every
 * fixture detected as its type by the server's content check.
 */
describe('DICOM fixtures (read with dicom-parser)', () => {
  it('a 16-bit MONOCHROME2 slice: preamble, DICM, Explicit VR Little Endian, pixels of the stated size', () => {
    const bytes = makeDicom();
    assert.deepEqual([...bytes.subarray(0, 128)], new Array(128).fill(0));
    assert.equal(new TextDecoder().decode(bytes.subarray(128, 132)), 'DICM');
    const dataSet = dicomParser.parseDicom(bytes);
    assert.equal(dataSet.string('x00020010'), DICOM_TRANSFER_SYNTAX_EXPLICIT_LE);
    assert.equal(dataSet.string('x00280004'), 'MONOCHROME2');
    assert.equal(dataSet.uint16('x00280100'), 16);
    const [rows, columns] = [dataSet.uint16('x00280010')!, dataSet.uint16('x00280011')!];
    assert.equal(dataSet.elements['x7fe00010']!.length, rows * columns * 2);
    assert.equal(dataSet.string('x00020002'), dataSet.string('x00080016'), 'meta and data set name the same SOP class');
    assert.equal(dataSet.string('x00020003'), dataSet.string('x00080018'));
  });

  it('a three-frame 8-bit image and a three-instance series of one series UID', () => {
    const multi = dicomParser.parseDicom(makeDicom({ bitsAllocated: 8, frames: 3 }));
    assert.equal(multi.intString('x00280008'), 3);
    assert.equal(multi.elements['x7fe00010']!.length, 64 * 64 * 3);
    const series = makeDicomSeries().map((bytes) => dicomParser.parseDicom(bytes));
    assert.equal(new Set(series.map((s) => s.string('x0020000e'))).size, 1);
    assert.deepEqual(series.map((s) => s.intString('x00200013')), [1, 2, 3]);
    assert.equal(new Set(series.map((s) => s.string('x00080018'))).size, 3, 'one SOP instance UID each');
  });
});

describe('PDF, PNG, JPEG and HEIC fixtures', () => {
  it('the PDF cross-reference table points at each object', () => {
    const pdf = new TextDecoder('latin1').decode(makePdf());
    const xrefAt = Number(/startxref\n(\d+)/.exec(pdf)![1]);
    assert.ok(pdf.startsWith('xref', xrefAt));
    const offsets = [...pdf.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    assert.equal(offsets.length, 5);
    offsets.forEach((offset, index) => assert.ok(pdf.startsWith(`${index + 1} 0 obj`, offset), `object ${index + 1}`));
  });

  it('the PNG and JPEG have their signatures and end markers', () => {
    const png = makePng();
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(new TextDecoder().decode(png.subarray(png.length - 8, png.length - 4)), 'IEND');
    const jpeg = makeJpeg();
    assert.deepEqual([...jpeg.subarray(0, 2), ...jpeg.subarray(jpeg.length - 2)], [0xff, 0xd8, 0xff, 0xd9]);
  });

  it('each is detected by content as the type the server accepts', async () => {
    const cases: [Uint8Array, string][] = [
      [makePdf(), 'application/pdf'],
      [makePng(), 'image/png'],
      [makeJpeg(), 'image/jpeg'],
      [makeHeicHeader(), 'image/heic'],
      [makeDicom(), 'application/dicom'],
      [makeDicomSeries()[0]!, 'application/dicom'],
    ];
    for (const [bytes, mime] of cases) assert.equal((await inspect(Readable.from([bytes]))).mime, mime);
  });
});
