import fp from 'fastify-plugin';

const STORE_TIMEOUT_MS = 3_000;

const healthResponse = {
  type: 'object',
  required: ['status', 'store'],
  properties: { status: { enum: ['ok', 'error'] }, store: { enum: ['ok', 'unreachable'] } },
} as const;

/** `GET /health`: 200 when the store answers, 503 otherwise (for load balancers and monitoring). */
export default fp(
  async (app) => {
    app.get('/health', {
      schema: { response: { 200: healthResponse, 503: healthResponse } },
      config: { rateLimit: false },
    }, async (request, reply) => {
      reply.header('cache-control', 'no-store');
      try {
        await withTimeout(app.store.ping(), STORE_TIMEOUT_MS);
        return { status: 'ok', store: 'ok' };
      } catch (error) {
        request.log.warn({ err: error }, 'store unreachable');
        return reply.code(503).send({ status: 'error', store: 'unreachable' });
      }
    });
  },
  { name: 'health', dependencies: ['store'] },
);

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`No answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
