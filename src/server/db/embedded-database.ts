import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface EmbeddedOptions {
  /** Data directory; omitted for a database in memory (tests, benchmarks). */
  dataDir?: string;
  /** A tarball made by `dump` to start from (the migrated test snapshot). */
  loadDataDir?: string;
  /** How long to wait for another process holding the data directory to let go. */
  lockWaitMs?: number;
}

export interface EmbeddedDatabase {
  /** Directory of the Unix socket (`.s.PGSQL.5432`): `pg`'s `host`. */
  socketDir: string;
  pid: number;
  /** Writes the whole data directory as a tarball (to start other instances from). */
  dump(file: string): Promise<void>;
  /** Called once if the database process ends without being asked to (a crash, a kill). */
  onLost(listener: (reason: string) => void): void;
  close(): Promise<void>;
}

const entry = fileURLToPath(new URL('./pglite-server.mjs', import.meta.url));

/**
 * Starts PGlite in a child process serving the PostgreSQL protocol on a private Unix socket. The
 * child stops when asked, when this process exits, and when this process is killed (its IPC channel
 * closes), so no PGlite outlives the server holding its data directory.
 */
export async function startEmbeddedDatabase(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  // No inherited flags: the child is plain JavaScript and needs neither tsx nor the test runner's loaders.
  const child: ChildProcess = fork(entry, [JSON.stringify(options)], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let closing = false;
  const lostListeners: ((reason: string) => void)[] = [];
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit code ${code}`));
  });

  const socketDir = await new Promise<string>((resolve, reject) => {
    const onMessage = (message: { type: string; socketDir?: string; message?: string }) => {
      if (message.type === 'ready') resolve(message.socketDir!);
      if (message.type === 'failed') reject(new Error(message.message));
    };
    child.on('message', onMessage);
    void exited.then((how) => reject(new Error(`The embedded database process ended while starting (${how}).`)));
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });

  void exited.then((how) => {
    if (closing) return;
    for (const listener of lostListeners) listener(`The embedded database process ended unexpectedly (${how}).`);
  });

  let nextDump = 0;
  return {
    socketDir,
    pid: child.pid!,
    dump(file) {
      const id = ++nextDump;
      return new Promise<void>((resolve, reject) => {
        const onMessage = (message: { type: string; id?: number; error?: string }) => {
          if (message.type !== 'dumped' || message.id !== id) return;
          child.off('message', onMessage);
          if (message.error) reject(new Error(message.error));
          else resolve();
        };
        child.on('message', onMessage);
        child.send({ type: 'dump', id, file });
      });
    },
    onLost: (listener) => { lostListeners.push(listener); },
    async close() {
      if (closing) return exited.then(() => undefined);
      closing = true;
      if (child.exitCode === null && child.signalCode === null) {
        if (child.connected) child.send({ type: 'close' });
        else child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
