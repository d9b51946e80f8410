import { UnsupportedDicomError, drawGrey, fullRangeWindow, loadDicomParser, readDicom } from './dicom-image';

const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const LONG_VRS = new Set(['OB', 'OW', 'SQ', 'UN', 'UT']);

/** A minimal DICOM Part 10 writer (Explicit VR Little Endian), enough to exercise the reader. */
function element(group: number, number: number, vr: string, value: Uint8Array): Uint8Array {
  const padded = value.length % 2 === 0 ? value : concat([value, Uint8Array.of(vr === 'UI' || vr === 'OB' ? 0 : 0x20)]);
  const long = LONG_VRS.has(vr);
  const header = new Uint8Array(long ? 12 : 8);
  const view = new DataView(header.buffer);
  view.setUint16(0, group, true);
  view.setUint16(2, number, true);
  header.set(ascii(vr), 4);
  if (long) view.setUint32(8, padded.length, true);
  else view.setUint16(6, padded.length, true);
  return concat([header, padded]);
}
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const u16 = (value: number) => new Uint8Array(new Uint16Array([value]).buffer);
function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

interface Options {
  rows: number;
  columns: number;
  bits: 8 | 16;
  signed?: boolean;
  frames?: number;
  photometric?: string;
  syntax?: string;
  window?: [number, number];
  rescale?: [number, number];
  pixels: Uint8Array;
}

function dicom(o: Options): Uint8Array {
  const meta = [element(0x0002, 0x0001, 'OB', Uint8Array.of(0, 1)), element(0x0002, 0x0010, 'UI', ascii(o.syntax ?? EXPLICIT_LE))];
  const metaLength = new Uint8Array(new Uint32Array([meta.reduce((sum, e) => sum + e.length, 0)]).buffer);
  const dataset = [
    element(0x0008, 0x103e, 'LO', ascii('test series')),
    element(0x0020, 0x000e, 'UI', ascii('1.2.3')),
    element(0x0020, 0x0013, 'IS', ascii('7')),
    element(0x0028, 0x0002, 'US', u16(1)),
    element(0x0028, 0x0004, 'CS', ascii(o.photometric ?? 'MONOCHROME2')),
    ...(o.frames ? [element(0x0028, 0x0008, 'IS', ascii(String(o.frames)))] : []),
    element(0x0028, 0x0010, 'US', u16(o.rows)),
    element(0x0028, 0x0011, 'US', u16(o.columns)),
    element(0x0028, 0x0100, 'US', u16(o.bits)),
    element(0x0028, 0x0101, 'US', u16(o.bits)),
    element(0x0028, 0x0102, 'US', u16(o.bits - 1)),
    element(0x0028, 0x0103, 'US', u16(o.signed ? 1 : 0)),
    ...(o.window ? [element(0x0028, 0x1050, 'DS', ascii(String(o.window[0]))), element(0x0028, 0x1051, 'DS', ascii(String(o.window[1])))] : []),
    ...(o.rescale ? [element(0x0028, 0x1052, 'DS', ascii(String(o.rescale[1]))), element(0x0028, 0x1053, 'DS', ascii(String(o.rescale[0])))] : []),
    element(0x7fe0, 0x0010, o.bits === 8 ? 'OB' : 'OW', o.pixels),
  ];
  return concat([new Uint8Array(128), ascii('DICM'), element(0x0002, 0x0000, 'UL', metaLength), ...meta, ...dataset]);
}

describe('DICOM images', () => {
  it('reads 16-bit pixels as modality values (rescale slope and intercept applied)', async () => {
    const parser = await loadDicomParser();
    const pixels = new Uint8Array(new Uint16Array([0, 100, 200, 4095]).buffer);
    const image = readDicom(parser, dicom({ rows: 2, columns: 2, bits: 16, rescale: [2, -1000], window: [40, 400], pixels }));
    expect([image.rows, image.columns, image.frameCount, image.instanceNumber, image.description]).toEqual([2, 2, 1, 7, 'test series']);
    expect(Array.from(image.values(0)!)).toEqual([-1000, -800, -600, 7190]);
    expect(image.window).toEqual({ center: 40, width: 400 });
    expect(image.colour).toBeFalse();
  });

  it('reads signed pixels', async () => {
    const parser = await loadDicomParser();
    const pixels = new Uint8Array(new Int16Array([-1024, -1, 0, 3000]).buffer);
    const image = readDicom(parser, dicom({ rows: 1, columns: 4, bits: 16, signed: true, pixels }));
    expect(Array.from(image.values(0)!)).toEqual([-1024, -1, 0, 3000]);
    expect(image.window).toBeNull();
    expect(fullRangeWindow(image.values(0)!)).toEqual({ center: 988, width: 4024 });
  });

  it('goes through the frames of a multi-frame image', async () => {
    const parser = await loadDicomParser();
    const image = readDicom(parser, dicom({ rows: 1, columns: 2, bits: 8, frames: 3, pixels: Uint8Array.of(1, 2, 3, 4, 5, 6) }));
    expect(image.frameCount).toBe(3);
    expect(Array.from(image.values(2)!)).toEqual([5, 6]);
  });

  it('draws with DICOM’s linear window (and MONOCHROME1 inverted)', async () => {
    const values = Float32Array.of(-500, 0, 40, 240, 1000);
    const out = new Uint8ClampedArray(values.length * 4);
    drawGrey(values, { center: 40, width: 400 }, false, out);
    const greys = Array.from({ length: values.length }, (_, i) => out[i * 4]);
    expect(greys[0]).toBe(0);
    expect(greys[1]).toBeGreaterThan(90);
    expect(greys[1]).toBeLessThan(110);
    expect(Math.abs(greys[2]! - 128)).toBeLessThanOrEqual(1);
    expect(greys[3]).toBe(255);
    expect(greys[4]).toBe(255);
    expect(out[3]).toBe(255);
    drawGrey(values, { center: 40, width: 400 }, true, out);
    expect(out[0]).toBe(255);
    expect(out[16]).toBe(0);

    const parser = await loadDicomParser();
    const image = readDicom(parser, dicom({ rows: 1, columns: 2, bits: 8, photometric: 'MONOCHROME1', pixels: Uint8Array.of(0, 255) }));
    const target = new Uint8ClampedArray(8);
    await image.draw(0, { center: 128, width: 256 }, target);
    expect([target[0], target[4]]).toEqual([255, 0]);
  });

  it('names a compression it cannot draw, for the person to download the file instead', async () => {
    const parser = await loadDicomParser();
    try {
      readDicom(parser, dicom({ rows: 1, columns: 1, bits: 8, syntax: '1.2.840.10008.1.2.4.90', pixels: Uint8Array.of(0, 0) }));
      fail('expected an UnsupportedDicomError');
    } catch (error) {
      expect(error).toBeInstanceOf(UnsupportedDicomError);
      expect((error as UnsupportedDicomError).syntax).toBe('JPEG 2000 Lossless');
    }
  });
});
