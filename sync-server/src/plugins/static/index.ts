import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { cacheControlFor, REVALIDATE } from './cache-policy';
import { chosenEncoding, hashedFileName, hashedFiles } from './hashed-files';
import { isAppNavigation } from './navigation';
import { notBuiltPage } from './not-built';

/**
 * Serves the built PWA from config.pwaDir with caching the service worker can rely on, and
 * index.html for app URLs (client-side routes). Registered after every API plugin so their
 * routes always win.
 */
export default fp(
  async (app) => {
    const { pwaDir } = app.config;
    if (!existsSync(join(pwaDir, 'index.html'))) {
      app.log.warn({ pwaDir }, 'the PWA is not built: run `npm run build`; serving a notice instead');
      const page = notBuiltPage(pwaDir);
      app.setNotFoundFallback(async (request, reply) => {
        if (!isAppNavigation(request)) return false;
        await reply.code(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page);
        return true;
      });
      return;
    }

    // The build's hashed files from memory (hashed-files.ts); anything else, and a hashed name
    // that is not there, goes on to @fastify/static below.
    const held = hashedFiles(pwaDir);
    app.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const queryAt = request.url.indexOf('?');
      const name = hashedFileName(queryAt < 0 ? request.url : request.url.slice(0, queryAt));
      if (!name) return;
      const file = await held.get(name);
      if (!file) return;
      reply.header('content-type', file.type).header('cache-control', cacheControlFor(name)).header('vary', 'Accept-Encoding').header('etag', file.etag);
      if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
      const encoding = chosenEncoding(request.headers['accept-encoding'], file);
      if (encoding) reply.header('content-encoding', encoding);
      return reply.send(encoding ? file[encoding] : file.identity);
    });

    await app.register(fastifyStatic, {
      root: pwaDir,
      wildcard: true, // files are looked up per request: a rebuild is served without a restart
      cacheControl: false, // set per file below
      dotfiles: 'ignore', // a stray .env or .git in the build directory is never served
      // `main-….js.br` / `.gz` written by scripts/precompress.mjs at build time, chosen per
      // Accept-Encoding, with `Vary: Accept-Encoding`; the file itself when there is none.
      preCompressed: true,
      setHeaders: (reply, filePath) => { reply.header('cache-control', cacheControlFor(filePath)); },
    });
    app.setNotFoundFallback(async (request, reply) => {
      if (!isAppNavigation(request)) return false;
      await reply.header('cache-control', REVALIDATE).sendFile('index.html');
      return true;
    });
  },
  { name: 'static', dependencies: ['config', 'errors'] },
);
