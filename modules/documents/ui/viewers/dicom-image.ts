import type { DataSet } from 'dicom-parser';

type DicomParser = typeof import('dicom-parser');

/** Transfer syntaxes the viewer draws itself: uncompressed little endian, and baseline JPEG by the browser. */
const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';
const TRANSFER_SYNTAX_NAMES: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2.2': 'Explicit VR Big Endian',
  '1.2.840.10008.1.2.1.99': 'Deflate',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless SV1',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Lossless',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.5': 'RLE',
};

/** The image uses a compression the viewer cannot draw; `syntax` names it for the person. */
export class UnsupportedDicomError extends Error {
  constructor(readonly syntax: string) {
    super(`DICOM transfer syntax not supported: ${syntax}`);
  }
}

export interface DicomWindow {
  center: number;
  width: number;
}

/** One DICOM file's image(s), parsed once; frames are drawn on demand. */
export interface DicomImage {
  rows: number;
  columns: number;
  frameCount: number;
  instanceNumber: number;
  seriesUid: string;
  description: string;
  /** Window from the file (WindowCenter/WindowWidth), else null (computed from the pixels). */
  window: DicomWindow | null;
  /** True when frames carry colour (RGB) or are decoded by the browser (JPEG): no windowing. */
  colour: boolean;
  /** Greyscale modality values (after rescale) of one frame; null for colour images. */
  values(frame: number): Float32Array | null;
  /** Draws one frame into RGBA pixels (`target.length === rows * columns * 4`). */
  draw(frame: number, window: DicomWindow, target: Uint8ClampedArray): Promise<void>;
}

/**
 * Parses a DICOM Part 10 file with dicom-parser and prepares its frames for a canvas:
 * MONOCHROME1/2 at 8 or 16 bits (signed or not, rescaled by slope/intercept) and RGB,
 * uncompressed; baseline JPEG frames are decoded by the browser itself.
 */
export function readDicom(parser: DicomParser, bytes: Uint8Array): DicomImage {
  const dataSet = parser.parseDicom(bytes);
  const syntax = dataSet.string('x00020010')?.trim() || IMPLICIT_LE;
  if (syntax !== IMPLICIT_LE && syntax !== EXPLICIT_LE && syntax !== JPEG_BASELINE) {
    throw new UnsupportedDicomError(TRANSFER_SYNTAX_NAMES[syntax] ?? syntax);
  }
  const pixelElement = dataSet.elements['x7fe00010'];
  if (!pixelElement) throw new Error('The DICOM file has no image (Pixel Data)');

  const rows = dataSet.uint16('x00280010') ?? 0;
  const columns = dataSet.uint16('x00280011') ?? 0;
  const samples = dataSet.uint16('x00280002') ?? 1;
  const bitsAllocated = dataSet.uint16('x00280100') ?? 16;
  const signed = dataSet.uint16('x00280103') === 1;
  const photometric = dataSet.string('x00280004')?.trim() ?? 'MONOCHROME2';
  const planar = dataSet.uint16('x00280006') === 1;
  const frameCount = Math.max(1, dataSet.intString('x00280008') ?? 1);
  const slope = dataSet.floatString('x00281053') ?? 1;
  const intercept = dataSet.floatString('x00281052') ?? 0;
  const center = dataSet.floatString('x00281050');
  const width = dataSet.floatString('x00281051');
  const pixels = rows * columns;
  if (pixels === 0) throw new Error('The DICOM image has no size');

  const common = {
    rows,
    columns,
    frameCount,
    instanceNumber: dataSet.intString('x00200013') ?? 0,
    seriesUid: dataSet.string('x0020000e') ?? '',
    description: dataSet.string('x0008103e') ?? '',
    window: center !== undefined && width !== undefined && width > 0 ? { center, width } : null,
  };

  if (syntax === JPEG_BASELINE) {
    return {
      ...common,
      colour: true,
      values: () => null,
      draw: (frame, _window, target) => drawJpegFrame(parser, dataSet, frame, columns, rows, target),
    };
  }

  const frameBytes = (pixels * samples * bitsAllocated) / 8;
  const frameAt = (frame: number) => {
    const offset = pixelElement.dataOffset + frame * frameBytes;
    if (offset + frameBytes > bytes.length) throw new Error('The DICOM pixel data is shorter than its image size');
    return bytes.subarray(offset, offset + frameBytes);
  };

  if (samples === 3) {
    return {
      ...common,
      colour: true,
      values: () => null,
      draw: async (frame, _window, target) => drawRgb(frameAt(frame), pixels, planar, target),
    };
  }

  const invert = photometric === 'MONOCHROME1';
  const values = (frame: number): Float32Array => {
    const raw = typedPixels(frameAt(frame), bitsAllocated, signed);
    const out = new Float32Array(pixels);
    for (let i = 0; i < pixels; i++) out[i] = (raw[i] ?? 0) * slope + intercept;
    return out;
  };
  return {
    ...common,
    colour: false,
    values,
    draw: async (frame, window, target) => drawGrey(values(frame), window, invert, target),
  };
}

/** A window that shows every value of the frame: for files without one. */
export function fullRangeWindow(values: Float32Array): DicomWindow {
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (!Number.isFinite(min)) return { center: 128, width: 256 };
  return { center: (min + max) / 2, width: Math.max(1, max - min) };
}

/** DICOM's linear VOI function (PS3.3 C.11.2.1.2), to 0–255 grey. */
export function drawGrey(values: Float32Array, window: DicomWindow, invert: boolean, target: Uint8ClampedArray): void {
  const width = Math.max(1, window.width);
  const low = window.center - 0.5 - (width - 1) / 2;
  const high = window.center - 0.5 + (width - 1) / 2;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    let grey = value <= low ? 0 : value > high ? 255 : ((value - (window.center - 0.5)) / (width - 1) + 0.5) * 255;
    if (invert) grey = 255 - grey;
    const at = i * 4;
    target[at] = target[at + 1] = target[at + 2] = grey;
    target[at + 3] = 255;
  }
}

function drawRgb(frame: Uint8Array, pixels: number, planar: boolean, target: Uint8ClampedArray): void {
  for (let i = 0; i < pixels; i++) {
    const at = i * 4;
    target[at] = planar ? frame[i]! : frame[i * 3]!;
    target[at + 1] = planar ? frame[pixels + i]! : frame[i * 3 + 1]!;
    target[at + 2] = planar ? frame[2 * pixels + i]! : frame[i * 3 + 2]!;
    target[at + 3] = 255;
  }
}

function typedPixels(frame: Uint8Array, bitsAllocated: number, signed: boolean): ArrayLike<number> {
  if (bitsAllocated === 8) return signed ? new Int8Array(frame.buffer, frame.byteOffset, frame.length) : frame;
  if (bitsAllocated !== 16) throw new UnsupportedDicomError(`${bitsAllocated}-bit pixels`);
  // Typed arrays need an aligned start: copy the rare odd-offset frame.
  const aligned = frame.byteOffset % 2 === 0 ? frame : frame.slice();
  const length = aligned.length / 2;
  return signed ? new Int16Array(aligned.buffer, aligned.byteOffset, length) : new Uint16Array(aligned.buffer, aligned.byteOffset, length);
}

async function drawJpegFrame(parser: DicomParser, dataSet: DataSet, frame: number, columns: number, rows: number, target: Uint8ClampedArray): Promise<void> {
  const element = dataSet.elements['x7fe00010']!;
  const fragments = element.fragments ?? [];
  const jpeg =
    (dataSet.intString('x00280008') ?? 1) > 1 || fragments.length !== 1
      ? parser.readEncapsulatedImageFrame(dataSet, element, frame, element.basicOffsetTable?.length ? element.basicOffsetTable : parser.createJPEGBasicOffsetTable(dataSet, element))
      : parser.readEncapsulatedPixelDataFromFragments(dataSet, element, 0, fragments.length);
  const bitmap = await createImageBitmap(new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }));
  const canvas = new OffscreenCanvas(columns, rows);
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0, columns, rows);
  target.set(context.getImageData(0, 0, columns, rows).data);
}

/** Loads dicom-parser on first use (it is a UMD bundle: take its exports whichever way they come). */
export async function loadDicomParser(): Promise<DicomParser> {
  const module = (await import('dicom-parser')) as DicomParser & { default?: DicomParser };
  return module.default ?? module;
}
