/**
 * Child process: the baseline — a bare Node HTTP server that writes a PUT body to a file on disk
 * and answers 204. No auth, no protocol, no verification: the upper bound for one request.
 */
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

const [dir, port = '0'] = process.argv.slice(2);
if (!dir) throw new Error('usage: put-server.ts <dir> [port]');
let count = 0;

const server = createServer((request, response) => {
  if (request.method !== 'PUT') {
    response.writeHead(405).end();
    return;
  }
  pipeline(request, createWriteStream(join(dir, `put-${++count}.bin`)))
    .then(() => response.writeHead(204).end())
    .catch(() => response.destroy());
});
server.listen(Number(port), '127.0.0.1', () => {
  const address = server.address();
  console.log(`READY ${JSON.stringify({ port: typeof address === 'object' && address ? address.port : Number(port) })}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
