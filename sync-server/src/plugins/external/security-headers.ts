import Fastify from 'fastify';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';

/**
 * The headers helmet sets with these options, worked out once: helmet answers a probe request
 * of a throwaway server, and whatever it added to the bare server's answer is kept.
 *
 * Why not helmet on every request: @fastify/helmet builds `helmet(options)` anew for each
 * request — parsing and validating the Content-Security-Policy every time, in two hooks, one of
 * them async. Our options hold no per-request part (no nonces, no directive computed from the
 * request), so every response gets the same headers; with 2,000 live devices re-asking after
 * one change it was ~2–4 % of the server's CPU and ~5 % of what it allocated (bench/README.md,
 * bench:live). Helmet itself still decides what the headers are.
 */
export async function helmetHeaders(options: FastifyHelmetOptions): Promise<ReadonlyArray<readonly [string, string]>> {
  const answer = async (withHelmet: boolean) => {
    const probe = Fastify({ logger: false });
    if (withHelmet) await probe.register(helmet, options);
    probe.get('/', async () => '');
    try {
      return (await probe.inject({ method: 'GET', url: '/' })).headers;
    } finally {
      await probe.close();
    }
  };
  const [bare, secured] = await Promise.all([answer(false), answer(true)]);
  const headers: Array<readonly [string, string]> = [];
  for (const [name, value] of Object.entries(secured)) {
    if (name in bare || value === undefined) continue;
    headers.push([name, Array.isArray(value) ? value.join(', ') : String(value)]);
  }
  return headers;
}
