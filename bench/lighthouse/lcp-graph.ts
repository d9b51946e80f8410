/**
 * What a saved Lighthouse report (`BENCH_REPORT_DIR`) counted in front of the LCP: Lighthouse's
 * simulated LCP (Lantern) keeps only the requests that ended before the LCP of the real,
 * unthrottled load it recorded, and replays them on slow 4G. This prints those requests, their
 * bytes and their request levels (a request started after the one before it ended), so a change
 * can be judged without the load noise of the score.
 *
 *   node --import tsx bench/lighthouse/lcp-graph.ts /tmp/lh/lighthouse-2.json [--all]
 */
import { readFileSync } from 'node:fs';

interface Request {
  url: string;
  networkRequestTime: number;
  networkEndTime: number;
  transferSize: number;
  resourceType?: string;
  priority?: string;
}

const [file, flag] = process.argv.slice(2);
if (!file) throw new Error('usage: lcp-graph.ts <lighthouse report json> [--all]');
const lhr = JSON.parse(readFileSync(file, 'utf8')) as {
  audits: Record<string, { numericValue?: number; details?: { items?: unknown[] } }>;
};
const metrics = lhr.audits['metrics']!.details!.items![0] as Record<string, number>;
const observedLcp = metrics['observedLargestContentfulPaint']!;
const requests = (lhr.audits['network-requests']!.details!.items as Request[]).filter((r) => r.networkEndTime !== undefined);
// Lantern drops low-priority images from the LCP graph, and everything that ended after the paint.
const counted = requests.filter((r) => r.networkEndTime <= observedLcp && !(r.resourceType === 'Image' && /Low/.test(r.priority ?? '')));

// Levels: a request is one level below the latest request that had ended when it started.
const level = new Map<Request, number>();
for (const request of [...counted].sort((a, b) => a.networkRequestTime - b.networkRequestTime)) {
  const before = counted.filter((r) => r.networkEndTime <= request.networkRequestTime);
  level.set(request, before.length ? Math.max(...before.map((r) => level.get(r) ?? 0)) + 1 : 0);
}
const kB = (n: number) => (n / 1000).toFixed(1);
if (flag === '--all') {
  for (const r of counted) console.log(`  L${level.get(r)} ${r.networkRequestTime.toFixed(0)}–${r.networkEndTime.toFixed(0)} ms ${kB(r.transferSize)} kB ${r.url.replace(/^.*\/\/[^/]+/, '')}`);
}
const byLevel = new Map<number, Request[]>();
for (const r of counted) byLevel.set(level.get(r)!, [...(byLevel.get(level.get(r)!) ?? []), r]);
for (const [n, list] of [...byLevel].sort((a, b) => a[0] - b[0])) {
  const big = list.filter((r) => r.transferSize > 4000).map((r) => `${r.url.replace(/^.*\//, '')} ${kB(r.transferSize)}`);
  console.log(`level ${n}: ${list.length} requests, ${kB(list.reduce((s, r) => s + r.transferSize, 0))} kB${big.length ? ` (${big.join(', ')})` : ''}`);
}
const total = counted.reduce((s, r) => s + r.transferSize, 0);
console.log(
  `observed LCP ${observedLcp.toFixed(0)} ms; in front of it: ${counted.length} requests, ${kB(total)} kB transferred, ${byLevel.size} levels; ` +
    `simulated FCP ${metrics['firstContentfulPaint']} ms, LCP ${metrics['largestContentfulPaint']} ms, TBT ${lhr.audits['total-blocking-time']?.numericValue?.toFixed(0)} ms`,
);
