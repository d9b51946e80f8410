import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { ALLOWED_MIME_TYPES, type AllowedMimeType } from '../api';

/** What the bytes of a file are, found by reading them once. */
export interface Inspection {
  sha256: string;
  size: number;
  /** The detected type when it is one we accept, else null. */
  mime: AllowedMimeType | null;
  /** The detected type whatever it is (for logs), or null when unknown. */
  detected: string | null;
}

/** file-type reads at most this much from the start of a file (ZIP- and MP4-like containers aside). */
export const HEAD_BYTES = 64 * 1024;

/**
 * Hashes the whole file and detects its type from its first bytes (magic numbers: `%PDF-`,
 * JPEG SOI, PNG signature, ISO-BMFF `ftyp` brands of HEIC/HEIF, `DICM` after DICOM's 128-byte
 * preamble). The name and the declared type play no part.
 */
export async function inspect(bytes: Readable): Promise<Inspection> {
  const hash = createHash('sha256');
  const head: Uint8Array[] = [];
  let headLength = 0;
  let size = 0;
  for await (const chunk of bytes as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    size += chunk.length;
    if (headLength < HEAD_BYTES) {
      head.push(chunk.subarray(0, HEAD_BYTES - headLength));
      headLength += Math.min(chunk.length, HEAD_BYTES - headLength);
    }
  }
  const start = new Uint8Array(headLength);
  let at = 0;
  for (const part of head) {
    start.set(part, at);
    at += part.length;
  }
  const detected = await detect(start);
  return { sha256: hash.digest('hex'), size, mime: allowedMimeOf(detected), detected };
}

/** The same, when the hash was computed while the bytes arrived: only the start is read. */
export async function inspectHead(head: Readable, sha256: string, size: number): Promise<Inspection> {
  const parts: Uint8Array[] = [];
  for await (const chunk of head as AsyncIterable<Uint8Array>) parts.push(chunk);
  const start = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    start.set(part, at);
    at += part.length;
  }
  const detected = await detect(start.subarray(0, HEAD_BYTES));
  return { sha256, size, mime: allowedMimeOf(detected), detected };
}

async function detect(start: Uint8Array): Promise<string | null> {
  return (await fileTypeFromBuffer(start))?.mime ?? null;
}

/** file-type's names for the types we accept, mapped onto ours. */
export function allowedMimeOf(detected: string | null): AllowedMimeType | null {
  if (detected === null) return null;
  if (detected === 'image/heic-sequence') return 'image/heic';
  if (detected === 'image/heif-sequence') return 'image/heif';
  return (ALLOWED_MIME_TYPES as readonly string[]).includes(detected) ? (detected as AllowedMimeType) : null;
}
