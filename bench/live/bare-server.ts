/**
 * The baseline: a bare Node `http` longpoll server with the same request and answer shapes and
 * nothing else — no authentication, no store, no authorisation. It holds every `POST
 * /sync/_changes` and, on a round's write, answers each held one with its device's row (one
 * JSON.stringify per device, as any server must). What fan-out costs on this machine at the floor.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectGarbage, epochNow, exitWithParent, LOOPBACK, send, type DeviceSeed, type ServerCommand } from './protocol';

interface Held {
  response: ServerResponse;
  partition: string;
  feeds: Record<string, string>;
  heartbeat: NodeJS.Timeout;
  timer: NodeJS.Timeout;
}

async function main(): Promise<void> {
  const count = Number(process.env['BENCH_DEVICES']);
  const feeds = (process.env['BENCH_FEEDS'] ?? 'notifications').split(',');
  const held = new Set<Held>();
  const watchers: Array<() => void> = [];
  let seq = 1;

  const answer = (entry: Held, rowsOf: (partition: string) => unknown[]) => {
    held.delete(entry);
    clearInterval(entry.heartbeat);
    clearTimeout(entry.timer);
    const rows = rowsOf(entry.partition);
    const last = Object.fromEntries(Object.keys(entry.feeds).map((name) => [name, String(seq)]));
    const results = rows.length > 0 ? { notifications: { results: rows, last_seq: String(seq) } } : {};
    entry.response.end(JSON.stringify({ results, last_seq: last }));
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks as Uint8Array[]).toString('utf8')) as { feeds: Record<string, string>; timeout?: number; heartbeat?: number };
      const partition = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.flushHeaders();
      const entry: Held = {
        response, partition, feeds: body.feeds,
        heartbeat: setInterval(() => response.write('\n'), body.heartbeat ?? 25_000),
        timer: setTimeout(() => answer(entry, () => []), body.timeout ?? 60_000),
      };
      if (body.timeout === 0) return answer(entry, () => []);
      held.add(entry);
      response.on('close', () => {
        held.delete(entry);
        clearInterval(entry.heartbeat);
        clearTimeout(entry.timer);
      });
      for (const watcher of watchers.splice(0)) watcher();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const { port } = server.address() as AddressInfo;

  exitWithParent(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  process.on('message', (command: ServerCommand) => {
    if (command.type === 'until-held') {
      const check = () => {
        if (held.size >= command.count) send({ type: 'held', count: command.count });
        else watchers.push(check);
      };
      check();
    } else if (command.type === 'collect') {
      void collectGarbage().then(() => send({ type: 'collected' }));
    } else if (command.type === 'write') {
      const started = epochNow();
      seq++;
      const createdAt = new Date().toISOString();
      const answeredAt = epochNow();
      send({ type: 'written', round: command.round, answeredAt, writeMs: answeredAt - started });
      for (const entry of [...held]) {
        answer(entry, (partition) => {
          const id = `${partition}:bench-announcement-${command.round}`;
          const doc = { _id: id, _rev: '1-x', recipientId: partition, patientId: partition, kind: 'documents_requested', createdAt,
            consultationId: `${partition}:bench`, text: `Объявление ${command.round}: клиника работает в праздники по обычному расписанию.` };
          return [{ seq: String(seq), id, changes: [{ rev: '1-x' }], doc }];
        });
      }
    }
  });
  const devices: DeviceSeed[] = Array.from({ length: count }, (_, index) => ({ authorization: `Bearer device-${index}`, partition: `device-${index}` }));
  send({ type: 'ready', baseUrl: `http://${LOOPBACK}:${port}`, devices, feeds });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
