/**
 * `npm run bench:upload` — prints figures, passes or fails nothing.
 *
 * A 100 MiB DICOM file (a 200-frame 512×512 16-bit series) uploaded to the Oblako sync server
 * with tus-js-client (Node) exactly as the PWA does (Bearer token, upload metadata, 8 MiB chunks),
 *  (ours)      through a loopback TCP proxy that cuts the connection once at ~50 % of the bytes:
 *              the client asks the server for its offset (HEAD) and sends the rest;
 *  (ours, uncut) the same upload with no cut, to see what the cut costs;
 *  (baseline)  one plain HTTP PUT of the same bytes to a bare Node HTTP server writing to disk,
 *              through the same kind of proxy.
 * Servers run in their own processes; the clients run here one at a time. One warm-up round is
 * discarded; scenarios alternate in every round; medians are printed. Each tus upload's time runs
 * until the server has verified the file (sha-256 + type) and answered the last PATCH.
 *
 * Settings (env): BENCH_UPLOAD_MB (100), BENCH_UPLOAD_ROUNDS (3), BENCH_UPLOAD_PORT (8541: uses 8541-8544).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Upload } from 'tus-js-client';
import { docId } from '@oblako/domain';
import { DOCUMENTS_API, RECOMMENDED_CHUNK_BYTES, uploadMetadataOf } from '../../modules/documents/api';
import { makeDicom } from '../../e2e/fixtures/medical-files';
import { CuttingProxy } from './cutting-proxy';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const MIB = 1024 * 1024;

const sizeMiB = Number(process.env['BENCH_UPLOAD_MB'] ?? 100);
const rounds = Number(process.env['BENCH_UPLOAD_ROUNDS'] ?? 3);
const basePort = Number(process.env['BENCH_UPLOAD_PORT'] ?? 8541);

interface Ready {
  port: number;
  token?: string;
  patientId?: string;
}

function startChild(script: string, args: string[]): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, script), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((l) => l.startsWith('READY '));
      if (line) resolve({ child, ready: JSON.parse(line.slice(6)) as Ready });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
  });
}

/** The file, made unique per upload (a patient cannot upload the same bytes twice: duplicates are refused). */
function variant(base: Uint8Array, n: number): { bytes: Uint8Array; sha256: string } {
  const bytes = base.slice();
  new DataView(bytes.buffer).setUint32(bytes.length - 4, n, true); // the last pixel of the last frame
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

interface TusResult {
  seconds: number;
  /** From the last byte acknowledged to the answer of the server's verification. */
  upstreamBytes: number;
  cutAt: number | null;
  offsetAfterCut: number | null;
}

async function tusUpload(proxy: CuttingProxy, port: number, token: string, patientId: string, file: { bytes: Uint8Array; sha256: string }, cutAtHalf: boolean): Promise<TusResult> {
  proxy.reset();
  if (cutAtHalf) proxy.armCut(Math.floor(file.bytes.length / 2));
  const fileId = randomUUID();
  const documentId = docId(patientId, randomUUID());
  let offsetAfterCut: number | null = null;
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const upload = new Upload(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.length), {
      endpoint: `http://127.0.0.1:${port}${DOCUMENTS_API.uploads}`,
      headers: { authorization: `Bearer ${token}` },
      metadata: uploadMetadataOf(documentId, { fileId, name: 'КТ-серия.dcm', size: file.bytes.length, mime: '', sha256: file.sha256 }),
      chunkSize: RECOMMENDED_CHUNK_BYTES,
      uploadSize: file.bytes.length,
      retryDelays: [0, 250, 1000],
      storeFingerprintForResuming: false,
      onAfterResponse: (req, res) => {
        if (req.getMethod() === 'HEAD' && proxy.cutAt !== null && offsetAfterCut === null) {
          offsetAfterCut = Number(res.getHeader('Upload-Offset'));
        }
      },
      onError: reject,
      onSuccess: () => resolve(),
    });
    upload.start();
  });
  const seconds = (performance.now() - started) / 1000;
  return { seconds, upstreamBytes: proxy.upstreamBytes, cutAt: proxy.cutAt, offsetAfterCut };
}

async function plainPut(proxy: CuttingProxy, port: number, bytes: Uint8Array): Promise<{ seconds: number; upstreamBytes: number }> {
  proxy.reset();
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'PUT', path: '/file', headers: { 'content-length': bytes.length } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 204 ? resolve() : reject(new Error(`PUT answered ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  });
  return { seconds: (performance.now() - started) / 1000, upstreamBytes: proxy.upstreamBytes };
}

/** CPU seconds (user + system) a child has used so far, from /proc (Linux); clock ticks of 1/100 s. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const mb = (bytes: number) => (bytes / MIB).toFixed(2);

async function main(): Promise<void> {
  const frames = Math.max(1, Math.round((sizeMiB * MIB) / (512 * 512 * 2)));
  console.log(`bench:upload — ${frames}-frame 512×512 16-bit DICOM (${mb(frames * 512 * 512 * 2)} MiB of pixels), ${rounds} rounds + 1 warm-up, ${cpus().length} cores, Node ${process.version}`);
  const base = makeDicom({ rows: 512, columns: 512, bitsAllocated: 16, frames });
  const size = base.length;

  const dataDir = mkdtempSync(join(tmpdir(), 'oblako-bench-upload-'));
  const children: ChildProcess[] = [];
  const proxies: CuttingProxy[] = [];
  try {
    const oblako = await startChild('oblako-server.ts', [join(dataDir, 'oblako'), String(basePort)]);
    children.push(oblako.child);
    const bare = await startChild('put-server.ts', [dataDir, String(basePort + 1)]);
    children.push(bare.child);
    const oblakoProxy = new CuttingProxy(oblako.ready.port);
    const putProxy = new CuttingProxy(bare.ready.port);
    proxies.push(oblakoProxy, putProxy);
    const oblakoPort = await oblakoProxy.listen(basePort + 2);
    const putPort = await putProxy.listen(basePort + 3);
    const { token, patientId } = oblako.ready as Required<Ready>;

    const results = { put: [] as number[], tus: [] as number[], cut: [] as number[], resent: [] as number[], lost: [] as number[], overhead: [] as number[] };
    // CPU time of each server process per upload: unlike wall time, not skewed by other load on the machine.
    const cpu = { put: [] as number[], tus: [] as number[], cut: [] as number[] };
    const serverPid = { put: bare.child.pid!, tus: oblako.child.pid!, cut: oblako.child.pid! };
    const clientCpu = { put: [] as number[], tus: [] as number[], cut: [] as number[] };
    let n = 0;
    for (let round = 0; round <= rounds; round++) {
      const warmUp = round === 0;
      const order = round % 2 === 0 ? ['put', 'tus', 'cut'] : ['cut', 'tus', 'put'];
      let uncutBytes = 0;
      let cutResult: TusResult | null = null;
      for (const scenario of order) {
        const file = variant(base, ++n);
        const key = scenario as keyof typeof cpu;
        const cpuBefore = cpuSeconds(serverPid[key]);
        const clientBefore = process.cpuUsage();
        if (scenario === 'put') {
          const { seconds } = await plainPut(putProxy, putPort, file.bytes);
          if (!warmUp) results.put.push(seconds);
        } else if (scenario === 'tus') {
          const result = await tusUpload(oblakoProxy, oblakoPort, token, patientId, file, false);
          uncutBytes = result.upstreamBytes;
          if (!warmUp) {
            results.tus.push(result.seconds);
            results.overhead.push(result.upstreamBytes - size);
          }
        } else {
          cutResult = await tusUpload(oblakoProxy, oblakoPort, token, patientId, file, true);
          if (cutResult.cutAt === null) throw new Error('the connection was never cut');
          if (!warmUp) results.cut.push(cutResult.seconds);
        }
        if (!warmUp) {
          cpu[key].push(cpuSeconds(serverPid[key]) - cpuBefore);
          const used = process.cpuUsage(clientBefore);
          clientCpu[key].push((used.user + used.system) / 1e6);
        }
      }
      if (cutResult && !warmUp) {
        // Bytes sent beyond those of the same upload without a cut: what the cut made us send again.
        results.resent.push(cutResult.upstreamBytes - uncutBytes);
        results.lost.push(cutResult.cutAt! - (cutResult.offsetAfterCut ?? 0));
      }
      console.log(`  round ${warmUp ? 'warm-up' : round}: done`);
    }

    const throughput = (seconds: number) => size / MIB / seconds;
    const put = median(results.put);
    const tus = median(results.tus);
    const cut = median(results.cut);
    console.log('');
    console.log(`file: ${mb(size)} MiB; tus chunk: ${mb(RECOMMENDED_CHUNK_BYTES)} MiB`);
    console.log(`plain HTTP PUT (baseline)          ${put.toFixed(2)} s   ${throughput(put).toFixed(0)} MiB/s`);
    console.log(`tus → sync server, no cut          ${tus.toFixed(2)} s   ${throughput(tus).toFixed(0)} MiB/s   ×${(put / tus).toFixed(2)} of PUT   (protocol overhead ${(median(results.overhead) / 1024).toFixed(1)} KiB)`);
    console.log(`tus → sync server, cut at ~50 %    ${cut.toFixed(2)} s   ${throughput(cut).toFixed(0)} MiB/s   ×${(put / cut).toFixed(2)} of PUT   (target ≥ 0.70)`);
    console.log(`bytes re-sent after the cut        ${mb(median(results.resent))} MiB (${(median(results.resent) / RECOMMENDED_CHUNK_BYTES).toFixed(3)} chunk; target ≤ 1 chunk)`);
    console.log(`  of which in flight, lost at the cut: ${(median(results.lost) / 1024).toFixed(1)} KiB (sent before the cut − offset the server reported)`);
    console.log(`server CPU per upload (user+sys)   PUT ${median(cpu.put).toFixed(2)} s, tus ${median(cpu.tus).toFixed(2)} s, tus with cut ${median(cpu.cut).toFixed(2)} s`);
    console.log(`client CPU per upload (this process, proxy included)   PUT ${median(clientCpu.put).toFixed(2)} s, tus-js-client ${median(clientCpu.tus).toFixed(2)} s, with cut ${median(clientCpu.cut).toFixed(2)} s`);
    console.log(`machine load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min) — wall times are only as steady as that`);
    console.log(`  per round: re-sent ${results.resent.map((b) => `${(b / 1024).toFixed(0)} KiB`).join(', ')}; times cut ${results.cut.map((s) => s.toFixed(2)).join(', ')} s, uncut ${results.tus.map((s) => s.toFixed(2)).join(', ')} s, PUT ${results.put.map((s) => s.toFixed(2)).join(', ')} s`);
  } finally {
    for (const proxy of proxies) await proxy.close();
    for (const child of children) child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
