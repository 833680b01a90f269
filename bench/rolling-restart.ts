// Two app servers behind HAProxy (scripts/two-servers.ts, deploy/haproxy.cfg) under the 200-user load
// of bench/load.ts, three runs on one fresh PostgreSQL database:
//   1. steady: the two servers through the balancer, no restart;
//   2. rolling: the same, while server 1 is stopped gracefully (SIGTERM) and restarted, then server 2;
//   3. one server: server 2 stopped, the load sent straight to server 1 (no balancer).
// A failed request is any answer that is not 2xx/3xx (503 included), a timeout or a broken connection.
//
// Run: node --import tsx bench/rolling-restart.ts [--users=200] [--seconds=40] [--port=3110] [--out=file.json]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTopology, unavailable } from '../scripts/two-servers.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const USERS = Number(arg('users') ?? 200);
const SECONDS = Number(arg('seconds') ?? 40);
const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface LoadResult {
  requests: number; throughput: number; ok: number; errors: number; timeouts: number; busy503: number;
  overall: { p50: number; p95: number; p99: number; max: number }; statuses: Record<string, number>;
  failures: Record<string, number>; failureSeconds: number[];
}

/** Runs bench/load.ts against `url`; `onMeasuring` is called when its measured window opens. */
function load(url: string, seconds: number, onMeasuring?: () => void): Promise<LoadResult> {
  const out = path.join(os.tmpdir(), `vanphong-rolling-${process.pid}-${Date.now()}.json`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load.ts', `--url=${url}`, `--users=${USERS}`, `--seconds=${seconds}`, `--out=${out}`], { cwd: repoDir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      if (onMeasuring && stderr.includes('load: measuring')) { const call = onMeasuring; onMeasuring = undefined; call(); }
    });
    child.on('exit', (code) => {
      if (code !== 0 || !fs.existsSync(out)) return reject(new Error(`load.ts exited with ${code}:\n${stderr.slice(-3000)}`));
      const result = JSON.parse(fs.readFileSync(out, 'utf8')) as LoadResult;
      fs.rmSync(out, { force: true });
      resolve(result);
    });
  });
}

const failed = (r: LoadResult) => r.requests - r.ok;
const summary = (r: LoadResult) => ({ requests: r.requests, throughput: r.throughput, failed: failed(r), p50: r.overall.p50, p95: r.overall.p95, p99: r.overall.p99, statuses: r.statuses, failures: r.failures, failureSeconds: r.failureSeconds });

const why = await unavailable();
if (why) {
  console.error(`rolling-restart: ${why}`);
  process.exit(1);
}
const started = performance.now();
// Load shedding off (MAX_EVENT_LOOP_DELAY_MS=0): on this shared machine the servers' event loops lag
// past the default 1 s under 200 users, and the 503 SERVER_BUSY they would answer would hide the
// failures that matter here, those of the restarts.
const topology = await startTopology({ port: Number(arg('port') ?? 3110), log: (line) => console.error(line), env: { MAX_EVENT_LOOP_DELAY_MS: arg('shed') ?? '0' } });
const [app1, app2] = topology.servers;
try {
  console.error(`steady: ${USERS} users, ${SECONDS} s through the balancer`);
  const steady = await load(topology.url, SECONDS);

  console.error('rolling: the same, while each server in turn is stopped gracefully and restarted');
  const timeline: { at: number; event: string }[] = [];
  let windowStart = 0;
  const note = (event: string) => { timeline.push({ at: Math.round((performance.now() - windowStart) / 100) / 10, event }); console.error(`  ${timeline.at(-1)!.at} s ${event}`); };
  let restarts: Promise<void> = Promise.resolve();
  // Long enough for both restarts (a start takes 5–20 s on this machine) and some load after them.
  const rolling = await load(topology.url, Math.max(SECONDS, 110), () => {
    windowStart = performance.now();
    restarts = (async () => {
      await sleep(5000);
      for (const server of [app1, app2]) {
        note(`${server.name}: SIGTERM`);
        const code = await server.stop();
        note(`${server.name}: exited (${code})`);
        await server.start();
        note(`${server.name}: ready again`);
        // The balancer needs two good checks (inter 1 s, rise 2) before it sends it requests again.
        await sleep(3000);
      }
    })();
  });
  await restarts;

  console.error(`one server: ${USERS} users, ${SECONDS} s straight to server 1 (server 2 stopped)`);
  await app2.stop();
  const single = await load(app1.url, SECONDS);

  const result = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} cores (shared with other work), load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    users: USERS,
    seconds: SECONDS,
    steadyTwoServers: summary(steady),
    rollingRestart: { ...summary(rolling), timeline },
    oneServer: summary(single),
    totalSeconds: Math.round((performance.now() - started) / 1000),
  };
  console.log(JSON.stringify(result, null, 2));
  const out = arg('out');
  if (out) fs.writeFileSync(out, JSON.stringify(result, null, 2));
} finally {
  // The servers' errors (pino level 50 and up), to explain any 500 of the runs.
  for (const server of topology.servers) {
    const errors = server.output().split('\n').filter((line) => /"level":(50|60)/.test(line));
    if (errors.length) console.error(`${server.name}: ${errors.length} error line(s), the last ones:\n${errors.slice(-10).join('\n')}`);
  }
  await topology.stop();
}
