import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { PLUGIN_TIMEOUT_MS } from '../src/app';
import { startTestServer } from './helpers/test-server';
import { requestJson } from './helpers/http';

/**
 * Busy threads that keep every core at 100 % until stopped: the machine of a CI run where five
 * test suites build and run at once (load average ~20 on 2 cores), which used to make the
 * server refuse to start with `Plugin did not start in time: 'modules'`.
 */
function saturateCpu(threads: number): { stop(): Promise<void> } {
  const stopFlag = new Int32Array(new SharedArrayBuffer(4));
  const workers = Array.from({ length: threads }, () =>
    new Worker(
      `const { workerData } = require('node:worker_threads');
       const flag = new Int32Array(workerData);
       let x = 0;
       while (Atomics.load(flag, 0) === 0) { for (let i = 0; i < 1e5; i++) x = (x * 31 + i) | 0; }`,
      { eval: true, workerData: stopFlag.buffer },
    ),
  );
  return {
    async stop() {
      Atomics.store(stopFlag, 0, 1);
      await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve))));
    },
  };
}

test('the server starts, however slowly, while every core is saturated', { timeout: PLUGIN_TIMEOUT_MS * 2 }, async () => {
  // 4 busy threads per core (load ~8 on 2 cores): every core saturated, yet short enough not to
  // starve the test file the runner runs beside this one. With 30 per core the start took 24 s
  // here, and Fastify's default 10 s plugin timeout failed it ("Plugin did not start in time:
  // 'modules'"); set OBLAKO_TEST_LOAD_THREADS_PER_CORE=30 to see that again.
  const perCore = Number(process.env['OBLAKO_TEST_LOAD_THREADS_PER_CORE'] ?? 4);
  const threads = availableParallelism() * perCore;
  const load = saturateCpu(threads);
  let started: Awaited<ReturnType<typeof startTestServer>> | null = null;
  try {
    const begun = Date.now();
    // Every module, so their server plugins are imported (and compiled) during this start.
    started = await startTestServer();
    const tookMs = Date.now() - begun;
    console.log(`# start with ${threads} busy threads on ${availableParallelism()} cores: ${tookMs} ms (plugin timeout ${PLUGIN_TIMEOUT_MS} ms)`);
    const health = await requestJson(`${started.baseUrl}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(health.body, { status: 'ok', store: 'ok' });
    assert.equal(started.app.initialConfig.pluginTimeout, PLUGIN_TIMEOUT_MS, 'the timeout is ours, not Fastify\'s 10 s');
  } finally {
    await load.stop();
    await started?.close();
  }
});
