import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface EmbeddedOptions {
  /** Data directory; omitted for a database in memory (tests, benchmarks). */
  dataDir?: string;
  /** A tarball made by `dump` to start from (the migrated test snapshot). */
  loadDataDir?: string;
  /** How long to wait for another server holding the data directory to let go. */
  lockWaitMs?: number;
}

export interface EmbeddedDatabase {
  /** Directory of the Unix socket (`.s.PGSQL.5432`): `pg`'s `host`. */
  socketDir: string;
  /** Writes the whole data directory as a tarball (to start other instances from). */
  dump(file: string): Promise<void>;
  /**
   * A consistent copy while serving (backups): once no connection is inside a transaction, and with
   * every connection held back meanwhile, runs `queries` (read-only) and writes the data directory
   * as a tarball to `file`. Returns each query's rows.
   */
  snapshot(file: string, queries: string[]): Promise<unknown[][]>;
  /** Called once if the database thread ends without being asked to (a crash). */
  onLost(listener: (reason: string) => void): void;
  /** Ends the database thread at once, without closing PGlite: what a crash looks like. */
  terminate(): Promise<void>;
  close(): Promise<void>;
}

const entry = new URL('./pglite-server.mjs', import.meta.url);

/**
 * Starts PGlite in a worker thread serving the PostgreSQL protocol on a private Unix socket.
 *
 * A worker thread rather than a child process (both were measured): it frees the event loop the
 * same way, starts without booting a second Node (about 50 MB less at every start: 470 instead of
 * 523 MB), and cannot outlive the server, kill -9 included. A crash of PGlite ends the thread with
 * an error the server sees; the server then stops (main.ts), so a separate process would not keep
 * anything running.
 */
export async function startEmbeddedDatabase(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const unlock = options.dataDir ? await lockDataDir(options.dataDir, options.lockWaitMs ?? 2000) : () => undefined;
  // A private directory (mode 0700) for the socket: only this user can reach the database.
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanphong-pglite-'));
  const cleanUp = () => {
    fs.rmSync(socketDir, { recursive: true, force: true });
    unlock();
    process.off('exit', cleanUp);
  };
  // A process that exits without closing the database (process.exit) still leaves no lock behind.
  process.on('exit', cleanUp);
  // No inherited flags: the worker is plain JavaScript and needs neither tsx nor a test runner's loaders.
  const worker = new Worker(entry, {
    workerData: { dataDir: options.dataDir, loadDataDir: options.loadDataDir, socketPath: path.join(socketDir, '.s.PGSQL.5432') },
    execArgv: [],
  });
  let closing = false;
  let failure: Error | undefined;
  const lostListeners: ((reason: string) => void)[] = [];
  worker.on('error', (error) => { failure = error; });
  const exited = new Promise<string>((resolve) => {
    worker.once('exit', (code) => {
      cleanUp();
      resolve(failure ? `${failure.message}` : `exit code ${code}`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onMessage = (message: { type: string; message?: string }) => {
      if (message.type === 'ready') resolve();
      if (message.type === 'failed') reject(new Error(message.message));
    };
    worker.on('message', onMessage);
    void exited.then((how) => reject(new Error(`The embedded database ended while starting (${how}).`)));
  }).catch(async (error: unknown) => {
    closing = true;
    await worker.terminate();
    throw error;
  });

  void exited.then((how) => {
    if (closing) return;
    for (const listener of lostListeners) listener(`The embedded database ended unexpectedly (${how}).`);
  });

  let nextDump = 0;
  return {
    socketDir,
    dump(file) {
      const id = ++nextDump;
      return new Promise<void>((resolve, reject) => {
        const onMessage = (message: { type: string; id?: number; error?: string }) => {
          if (message.type !== 'dumped' || message.id !== id) return;
          worker.off('message', onMessage);
          if (message.error) reject(new Error(message.error));
          else resolve();
        };
        worker.on('message', onMessage);
        worker.postMessage({ type: 'dump', id, file });
      });
    },
    snapshot(file, queries) {
      const id = ++nextDump;
      return new Promise<unknown[][]>((resolve, reject) => {
        const onMessage = (message: { type: string; id?: number; error?: string; results?: unknown[][] }) => {
          if (message.type !== 'snapshotted' || message.id !== id) return;
          worker.off('message', onMessage);
          if (message.error) reject(new Error(message.error));
          else resolve(message.results ?? []);
        };
        worker.on('message', onMessage);
        worker.postMessage({ type: 'snapshot', id, file, queries });
      });
    },
    onLost: (listener) => { lostListeners.push(listener); },
    async terminate() {
      await worker.terminate();
      await exited;
    },
    async close() {
      if (closing) return exited.then(() => undefined);
      closing = true;
      worker.postMessage({ type: 'close' });
      const timer = setTimeout(() => void worker.terminate(), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * One server at a time may open a data directory: two PGlite instances on one directory corrupt it.
 * The lock file next to it names the holder's process id; a lock whose holder is gone (a crash,
 * kill -9) is taken over. A holder still alive is waited for a little: a server restarted by its
 * service manager may start while the old one is still closing its database.
 */
async function lockDataDir(dataDir: string, waitMs: number): Promise<() => void> {
  const file = `${dataDir}.lock`;
  const mine = String(process.pid);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      fs.writeFileSync(file, mine, { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8') === mine) fs.unlinkSync(file);
        } catch { /* already gone */ }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
    if (!Number.isFinite(holder) || !alive(holder)) {
      fs.rmSync(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`The data directory ${dataDir} is in use by another VanPhong server (process ${holder}). Stop it first, or set DATA_DIR to another directory; if no server is running, delete ${file}.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
