// Start-up time and memory of the server: the time from launching it to the first answer of
// /api/health, and the peak resident memory of the server and its child processes (the PGlite worker
// is a thread of the server, counted in it) during that start and the second after it. The CPU time
// the server used until it answered is printed too: on a shared machine it varies far less than the
// wall-clock time. The first start (empty data directory: migrations, demo data) is timed once, then
// `--runs` later starts on the data directory it left.
//
// --mode=built  `node dist/server/main.js` (what `npm start` runs once built; the default)
// --mode=npm    `npm start`: the stamp check of scripts/build.mjs, then the built server
// --mode=tsx    `node --import tsx src/server/main.ts` (the start before issue 6, without its build)
// --mode=before `vite build` then tsx (what `npm start` did before issue 6, the build included)
// Run: npm run bench:start [-- --runs=5] [--mode=…] [--server-dir=/path/to/checkout] [--db=pglite|postgres]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { treeCpuMs, treeRssMb } from './process-memory.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const RUNS = Number(arg('runs') ?? 5);
const serverDir = path.resolve(arg('server-dir') ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const port = Number(arg('port') ?? 4102);
const mode = arg('mode') ?? 'built';
const COMMANDS: Record<string, [string, string[]]> = {
  built: [process.execPath, ['dist/server/main.js']],
  npm: ['npm', ['start', '--silent']],
  tsx: [process.execPath, ['--import', 'tsx', 'src/server/main.ts']],
  before: ['sh', ['-c', `"${process.execPath}" node_modules/vite/bin/vite.js build --logLevel warn && exec "${process.execPath}" --import tsx src/server/main.ts`]],
};
const command: [string, string[]] | undefined = COMMANDS[mode];
if (command === undefined) throw new Error(`--mode=${mode}: one of ${Object.keys(COMMANDS).join(', ')}`);
if (mode === 'built' || mode === 'npm') {
  // Build now, untimed, so that the starts measured find an up-to-date build as `npm start` would after install.
  const { spawnSync } = await import('node:child_process');
  spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: serverDir, stdio: 'inherit' });
}
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wt-db-start-'));
const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
if (arg('db') !== 'postgres') delete env.DATABASE_URL;

const healthy = () => new Promise<boolean>((resolve) => {
  const req = http.get(`http://127.0.0.1:${port}/api/health`, { agent: false }, (res) => { res.resume(); resolve(res.statusCode === 200); });
  req.on('error', () => resolve(false));
});

async function start(): Promise<{ ms: number; cpu: number; peak: Record<string, number> }> {
  const begun = performance.now();
  // Its own process group, so that the whole tree (npm, sh, the server) is stopped together.
  const [file, args] = command!;
  const child = spawn(file, args, { cwd: serverDir, env, stdio: 'ignore', detached: true });
  const peak: Record<string, number> = {};
  const sample = () => { for (const [role, mb] of Object.entries(treeRssMb(child.pid!))) peak[role] = Math.max(peak[role] ?? 0, mb); };
  const sampler = setInterval(sample, 50);
  let ms = 0;
  let cpu = 0;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (await healthy()) { ms = performance.now() - begun; cpu = treeCpuMs(child.pid!); break; }
    await new Promise((r) => setTimeout(r, 10));
  }
  await new Promise((r) => setTimeout(r, 1000));
  clearInterval(sampler);
  sample();
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
  return { ms, cpu, peak };
}

try {
  const first = await start();
  console.log(`mode ${mode}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`first start (migrations + demo data): ${first.ms.toFixed(0)} ms, peak ${first.peak.total!.toFixed(0)} MB`);
  const runs: { ms: number; cpu: number; peak: Record<string, number> }[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await start());
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const roles = Object.keys(runs[0]!.peak);
  console.log(JSON.stringify({
    serverDir,
    mode,
    runs: RUNS,
    loadAverageAfter: os.loadavg()[0]!.toFixed(1),
    cpuMsUntilReady: { median: Math.round(median(runs.map((r) => r.cpu))), min: Math.round(Math.min(...runs.map((r) => r.cpu))), max: Math.round(Math.max(...runs.map((r) => r.cpu))) },
    startMs: { median: Math.round(median(runs.map((r) => r.ms))), min: Math.round(Math.min(...runs.map((r) => r.ms))), max: Math.round(Math.max(...runs.map((r) => r.ms))) },
    peakRssMb: Object.fromEntries(roles.map((role) => [role, Math.round(median(runs.map((r) => r.peak[role] ?? 0)))])),
  }, null, 2));
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
