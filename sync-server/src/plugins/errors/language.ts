import type { FastifyRequest } from 'fastify';
import type { Language } from '@oblako/domain';

/**
 * The language of messages for this request: Russian unless the client prefers English in
 * Accept-Language (the PWA sends the language the person chose).
 */
export function requestLanguage(request: FastifyRequest): Language {
  return preferredLanguage(request.headers['accept-language']);
}

export function preferredLanguage(header: string | undefined): Language {
  if (!header) return 'ru';
  let best: { language: Language; quality: number } | null = null;
  for (const part of header.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const primary = tag.split('-')[0];
    if (primary !== 'ru' && primary !== 'en') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const quality = q ? Number(q.slice(2)) : 1;
    if (!Number.isFinite(quality) || quality <= 0) continue;
    if (!best || quality > best.quality) best = { language: primary, quality };
  }
  return best?.language ?? 'ru';
}
