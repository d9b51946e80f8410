/**
 * The baseline: `web-push`'s sendNotification called in a plain loop (its defaults, Node's
 * global keep-alive agent), in its own process like the server. Reads the subscriptions and
 * VAPID keys from argv[2] (JSON file); prints `{ms}` on stdout.
 */
import { readFileSync } from 'node:fs';
import webpush from 'web-push';

const input = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as {
  count: number;
  concurrency: number;
  vapid: { publicKey: string; privateKey: string; subject: string };
  devices: { endpoint: string; keys: { p256dh: string; auth: string } }[];
  payload: string;
};
const started = performance.now();
let next = 0;
const worker = async () => {
  while (next < input.count) {
    const index = next++;
    const device = input.devices[index % input.devices.length]!;
    await webpush.sendNotification(device, input.payload, { vapidDetails: input.vapid, TTL: 900, topic: `bare${index}`, urgency: 'high' });
  }
};
await Promise.all(Array.from({ length: input.concurrency }, worker));
process.stdout.write(JSON.stringify({ ms: performance.now() - started }));
