import fp from 'fastify-plugin';
import compress from '@fastify/compress';

/** Smaller answers gain nothing worth the work (headers alone are ~300 B). */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/**
 * What is worth compressing on the fly: JSON (API answers, replication batches) and text the
 * server writes itself. Not medical files (PDF, JPEG, DICOM are sent as they are stored, and
 * their byte ranges must stay byte ranges), not `application/octet-stream` (compressed by
 * @fastify/compress's default list), not server-sent events (each event must leave at once).
 * Longpolls, the call presence stream and tus uploads take the response over (`reply.hijack()`),
 * which no onSend hook sees: they are never buffered by compression.
 */
export function isCompressibleType(contentType: string): boolean {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'text/event-stream') return false;
  return type === 'application/json' || type.endsWith('+json') || type.startsWith('text/') || type === 'application/javascript' || type === 'image/svg+xml';
}

/**
 * Compresses API answers above a size for clients that ask (`Accept-Encoding`), brotli first.
 * Brotli at quality 4 (the plugin's default): per response, 11 costs far more CPU than it saves
 * bytes. The built app's files are compressed once at build time instead (scripts/precompress.mjs)
 * and served as they are: a response that already has a `Content-Encoding` is left alone.
 * Request bodies are not decompressed: no client of ours sends them compressed.
 */
export default fp(
  async (app) => {
    await app.register(compress, {
      global: true,
      encodings: ['br', 'gzip'],
      threshold: COMPRESSION_THRESHOLD_BYTES,
      customTypes: isCompressibleType,
      globalDecompression: false,
    });
  },
  { name: 'compression', dependencies: ['config'] },
);
