// Two VanPhong app servers behind HAProxy on this machine, on one fresh PostgreSQL database, sharing
// their files (a shared directory, or the object store when FILES_BACKEND=s3 and S3_* are set, e.g.
// from `scripts/ceph-s3.sh start`). For the browser test (e2e/two-servers.test.ts), the benchmarks
// (bench/rolling-restart.ts) and for trying it by hand:
//
//   node --import tsx scripts/two-servers.ts [--port=3110]    balancer on 3110, servers on 3111 and 3112
//
// The balancer runs deploy/haproxy.cfg as it is (its addresses from VP_* variables). Ctrl-C stops
// everything and drops the database. Needs `haproxy` (apt-get install haproxy) and PostgreSQL
// (TWO_SERVERS_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test: a database is created next to it).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const HAPROXY_CONFIG = path.join(repoDir, 'deploy/haproxy.cfg');
const baseDatabaseUrl = () => process.env.TWO_SERVERS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface AppServer {
  name: string;
  port: number;
  url: string;
  readonly pid: number | undefined;
  /** Starts the server and resolves when it is ready (GET /api/ready answers 200). */
  start(): Promise<void>;
  /** SIGTERM (graceful shutdown) and waits for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  output(): string;
}

export interface Topology {
  /** The balancer's address: what a browser uses. */
  url: string;
  servers: [AppServer, AppServer];
  databaseUrl: string;
  dataDir: string;
  /** Resolves when HAProxy sees both servers up (its health checks passed). */
  balanced(): Promise<void>;
  stop(): Promise<void>;
}

/** Why the topology cannot run here (null when it can). */
export async function unavailable(): Promise<string | null> {
  const haproxy = ['/usr/sbin/haproxy', '/usr/bin/haproxy', '/usr/local/sbin/haproxy'].find((p) => fs.existsSync(p));
  if (!haproxy) return 'haproxy is not installed (apt-get install haproxy)';
  const client = new pg.Client({ connectionString: baseDatabaseUrl(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
  } catch (error) {
    return `PostgreSQL is not reachable at ${baseDatabaseUrl()}: ${error instanceof Error ? error.message : String(error)}`;
  }
  return null;
}

const haproxyBinary = () => ['/usr/sbin/haproxy', '/usr/bin/haproxy', '/usr/local/sbin/haproxy'].find((p) => fs.existsSync(p)) ?? 'haproxy';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function status(url: string): Promise<number> {
  try {
    const answer = await fetch(url, { signal: AbortSignal.timeout(5000) });
    await answer.arrayBuffer();
    return answer.status;
  } catch {
    return 0;
  }
}

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: baseDatabaseUrl() });
  await client.connect();
  try { await client.query(statement); } finally { await client.end(); }
}

export interface TopologyOptions {
  /** The balancer's port; the servers take the next two. */
  port?: number;
  /** Seed the demo agency with its documents (default true). */
  demo?: boolean;
  /** Rebuild dist/ first when a source is newer (default true; the browser tests run after `npm test`'s build). */
  build?: boolean;
  /** More environment for both servers. */
  env?: Record<string, string>;
  log?: (line: string) => void;
}

// Whatever happens to this process (a failed test, Ctrl-C), its servers and balancer do not outlive it.
const children = new Set<ChildProcess>();
process.once('exit', () => { for (const child of children) child.kill('SIGKILL'); });

export async function startTopology(options: TopologyOptions = {}): Promise<Topology> {
  const port = options.port ?? 3110;
  const log = options.log ?? (() => undefined);
  const name = `vp_two_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const dbUrl = new URL(baseDatabaseUrl());
  dbUrl.pathname = `/${name}`;
  const databaseUrl = dbUrl.toString();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanphong-two-'));
  const s3 = process.env.FILES_BACKEND === 's3';
  const common: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    SEED_DEMO: options.demo === false ? 'false' : 'true',
    LOG_LEVEL: 'warn',
    TRUST_PROXY: '127.0.0.1',
    // Longer than the balancer's inter × fall (1 s × 2): it has stopped sending requests before we close.
    SHUTDOWN_DRAIN_MS: '3000',
    SHUTDOWN_GRACE_MS: '20000',
    // The same secret on every server, or what one signs the other cannot open.
    SIGNING_KEY_SECRET: `two-servers-${name}`,
    ...(s3 ? { S3_PREFIX: name } : {}),
    ...options.env,
  };

  const server = (index: 1 | 2): AppServer => {
    const serverPort = port + index;
    let child: ChildProcess | undefined;
    let output = '';
    // On disk both servers share one data directory (its files folder is the shared file store);
    // with the object store each has its own (only upload staging is local).
    const serverDataDir = s3 ? path.join(dataDir, `server${index}`) : dataDir;
    return {
      name: `app${index}`,
      port: serverPort,
      url: `http://127.0.0.1:${serverPort}`,
      get pid() { return child?.pid; },
      output: () => output,
      async start() {
        fs.mkdirSync(serverDataDir, { recursive: true });
        // A server left over on the port would answer our readiness checks in the new one's place.
        if ((await status(`http://127.0.0.1:${serverPort}/api/health`)) !== 0) throw new Error(`port ${serverPort} is already in use`);
        // The built server (dist/server, as `npm start` runs it): starting through tsx costs seconds more.
        const started = spawn(process.execPath, ['dist/server/main.js'], {
          cwd: repoDir,
          env: { ...common, PORT: String(serverPort), DATA_DIR: serverDataDir },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child = started;
        children.add(started);
        started.once('exit', () => children.delete(started));
        started.stdout!.on('data', (c: Buffer) => { output += c.toString(); });
        started.stderr!.on('data', (c: Buffer) => { output += c.toString(); });
        const deadline = Date.now() + 600_000; // a first start migrates and seeds the demo agency: minutes on a loaded machine
        for (;;) {
          if (started.exitCode !== null) throw new Error(`app${index} exited with ${started.exitCode}:\n${output.slice(-3000)}`);
          if ((await status(`http://127.0.0.1:${serverPort}/api/ready`)) === 200) break;
          if (Date.now() > deadline) throw new Error(`app${index} did not start:\n${output.slice(-3000)}`);
          await sleep(250);
        }
        log(`app${index} ready on ${serverPort} (pid ${started.pid})`);
      },
      async stop() {
        const running = child;
        if (!running || running.exitCode !== null || running.signalCode !== null) return running?.exitCode ?? null;
        const exited = new Promise<number | null>((resolve) => running.once('exit', (code) => resolve(code)));
        running.kill('SIGTERM');
        const code = await Promise.race([exited, sleep(40_000).then(() => 'late' as const)]);
        if (code === 'late') {
          running.kill('SIGKILL');
          return null;
        }
        log(`app${index} stopped (exit ${code})`);
        return code;
      },
    };
  };

  const servers: [AppServer, AppServer] = [server(1), server(2)];
  let haproxy: ChildProcess | undefined;
  let haproxyOutput = '';
  const stopAll = async () => {
    await Promise.all(servers.map((s) => s.stop().catch(() => null)));
    if (haproxy && haproxy.exitCode === null) {
      const exited = new Promise((resolve) => haproxy!.once('exit', resolve));
      haproxy.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
    }
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // The built server and web client, rebuilt when a source is newer than them.
    if (options.build !== false) execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: repoDir, stdio: 'ignore' });
    else if (!fs.existsSync(path.join(repoDir, 'dist/server/main.js'))) throw new Error('The server is not built: run `npm run build` first.');
    // One after the other: the first seeds the empty database (the demo agency), the second finds it.
    await servers[0].start();
    await servers[1].start();
    haproxy = spawn(haproxyBinary(), ['-db', '-f', HAPROXY_CONFIG], {
      env: { ...process.env, VP_HTTP_BIND: `127.0.0.1:${port}`, VP_APP1: `127.0.0.1:${port + 1}`, VP_APP2: `127.0.0.1:${port + 2}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(haproxy);
    haproxy.stdout!.on('data', (c: Buffer) => { haproxyOutput += c.toString(); });
    haproxy.stderr!.on('data', (c: Buffer) => { haproxyOutput += c.toString(); });
  } catch (error) {
    await stopAll();
    throw error;
  }
  const url = `http://127.0.0.1:${port}`;
  const topology: Topology = {
    url,
    servers,
    databaseUrl,
    dataDir,
    async balanced() {
      // Both servers ready, and the balancer has had its two successful checks of each (inter 1 s, rise 2).
      for (const s of servers) {
        while ((await status(`${s.url}/api/ready`)) !== 200) await sleep(200);
      }
      const deadline = Date.now() + 30_000;
      while ((await status(`${url}/api/ready`)) !== 200) {
        if (haproxy?.exitCode !== null) throw new Error(`haproxy exited:\n${haproxyOutput}`);
        if (Date.now() > deadline) throw new Error(`the balancer does not answer:\n${haproxyOutput}`);
        await sleep(200);
      }
      await sleep(2500);
    },
    stop: stopAll,
  };
  await topology.balanced().catch(async (error: unknown) => {
    await stopAll();
    throw error;
  });
  log(`balancer on ${url} (pid ${haproxy!.pid}); database ${name}; files ${s3 ? `in the object store under ${name}/` : `in ${dataDir}/files`}`);
  return topology;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const arg = (key: string) => process.argv.find((a) => a.startsWith(`--${key}=`))?.slice(key.length + 3);
  const why = await unavailable();
  if (why) {
    console.error(why);
    process.exit(1);
  }
  const topology = await startTopology({ port: Number(arg('port') ?? 3110), log: (line) => console.log(line) });
  console.log(`Open ${topology.url} (demo accounts as printed by the first server). Ctrl-C stops everything.`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => { void topology.stop().finally(() => process.exit(0)); });
  }
}
