// @ts-check
/**
 * The embedded database, served over the PostgreSQL protocol on a Unix socket from a process of its
 * own, so that PGlite's synchronous work never blocks the app's event loop and the app reaches it
 * with the same `pg` driver as a real server.
 *
 * Plain JavaScript on purpose: it runs without the TypeScript loader, which would add about a second
 * and 75 MB to every start (measured with `node --import tsx` on this machine).
 *
 * Started by embedded-database.ts with one JSON argument (see EmbeddedOptions there). Talks to its
 * parent over the IPC channel: sends {type:'ready', socketDir} or {type:'failed', message}; answers
 * {type:'dump', id, file} with {type:'dumped', id, error?}; stops on {type:'close'} and when the
 * parent goes away (also after kill -9: the IPC channel closes).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';

/** @type {{ dataDir?: string; loadDataDir?: string; lockWaitMs?: number }} */
const options = JSON.parse(process.argv[2] ?? '{}');
/** @param {Record<string, unknown>} message */
const send = (message) => { if (process.connected) process.send?.(message); };

const PROTOCOL_V3 = 196608;
const QUERY = 0x51; // 'Q': a simple query, answered up to ReadyForQuery
const SYNC = 0x53; // 'S': ends an extended-protocol exchange, answered with ReadyForQuery
const TERMINATE = 0x58; // 'X'
const SYNC_MESSAGE = new Uint8Array([SYNC, 0, 0, 0, 4]);

/**
 * Hands PGlite's one session to one connection at a time, from its first message until the session
 * is idle again (after a Sync or simple Query outside a transaction block).
 *
 * pglite-socket's own queue switches connections between any two messages unless a BEGIN block is
 * open. A statement whose Parse/Bind/Execute/Sync arrive in more than one TCP read (a large
 * parameter) was seen answered with another connection's unnamed statement (2 of 400 queries with
 * 300 KB parameters on 10 connections). This queue implements the interface the socket handler
 * calls (enqueue, clearQueueForHandler, clearTransactionIfNeeded).
 */
class SessionQueue {
  /** @param {PGlite} db */
  constructor(db) {
    this.db = db;
    /** @type {number | null} the connection that holds the session */
    this.owner = null;
    /** @type {{ handlerId: number; message: Uint8Array | null; onData: (d: Uint8Array) => void; resolve: (n: number) => void; reject: (e: unknown) => void }[]} */
    this.waiting = [];
    this.running = false;
  }

  /** @param {number} handlerId @param {Uint8Array} message @param {(d: Uint8Array) => void} onData */
  enqueue(handlerId, message, onData) {
    return new Promise((resolve, reject) => {
      this.waiting.push({ handlerId, message, onData, resolve, reject });
      void this.pump();
    });
  }

  async pump() {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const index = this.owner === null ? 0 : this.waiting.findIndex((w) => w.handlerId === this.owner);
        if (index < 0 || index >= this.waiting.length) break;
        const item = /** @type {(typeof this.waiting)[number]} */ (this.waiting.splice(index, 1)[0]);
        this.owner = item.handlerId;
        try {
          if (item.message === null) {
            // The connection left in the middle of its work: end what it left open for the next one.
            await this.db.runExclusive(() => this.db.execProtocolRaw(SYNC_MESSAGE));
            if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
            this.owner = null;
            item.resolve(0);
            continue;
          }
          const message = item.message;
          let bytes = 0;
          await this.db.runExclusive(() => this.db.execProtocolRawStream(message, { onRawData: (data) => { bytes += data.length; item.onData(data); } }));
          if (endsExchange(message) && !this.db.isInTransaction()) this.owner = null;
          item.resolve(bytes);
        } catch (error) {
          item.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** @param {number} handlerId */
  clearQueueForHandler(handlerId) {
    this.waiting = this.waiting.filter((w) => {
      if (w.handlerId !== handlerId) return true;
      w.reject(new Error('connection closed'));
      return false;
    });
  }

  /** @param {number} handlerId */
  async clearTransactionIfNeeded(handlerId) {
    if (this.owner !== handlerId) return;
    await new Promise((resolve, reject) => {
      this.waiting.unshift({ handlerId, message: null, onData: () => undefined, resolve, reject });
      void this.pump();
    });
  }
}

/** @param {Uint8Array} message */
function endsExchange(message) {
  const type = message[0];
  if (type === QUERY || type === SYNC || type === TERMINATE) return true;
  // The startup packet has no type byte: its length, then the protocol version.
  return message.length >= 8 && new DataView(message.buffer, message.byteOffset).getInt32(4) === PROTOCOL_V3;
}

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

/**
 * One process at a time may open a data directory: two PGlite instances on one directory corrupt it.
 * The lock file names the holder's process id; a lock whose holder is gone (kill -9) is taken over.
 * A holder still alive is waited for a little, since the child of a server killed a moment ago
 * closes its database before it exits.
 * @param {string} dataDir
 */
async function lockDataDir(dataDir) {
  const file = `${dataDir}.lock`;
  const deadline = Date.now() + (options.lockWaitMs ?? 3000);
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      process.on('exit', () => {
        try { if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file); } catch { /* already gone */ }
      });
      return;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
    if (!Number.isFinite(holder) || !alive(holder)) {
      fs.rmSync(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`The data directory ${dataDir} is in use by another VanPhong server (process ${holder}). Stop it first, or set DATA_DIR to another directory.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** @type {PGlite | undefined} */
let db;
let closing = false;
const close = async () => {
  if (closing) return;
  closing = true;
  // Whatever happens, do not outlive the parent for long.
  setTimeout(() => process.exit(0), 5000).unref();
  await db?.close().catch(() => undefined);
  process.exit(0);
};
process.on('disconnect', () => void close());
process.on('SIGTERM', () => void close());
process.on('SIGINT', () => undefined); // Ctrl+C reaches the whole group: the parent decides when to stop.

async function main() {
  if (options.dataDir) await lockDataDir(options.dataDir);
  if (closing) return;
  db = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir ? new Blob([fs.readFileSync(options.loadDataDir)]) : undefined,
  });
  const queue = new SessionQueue(db);
  const database = db;
  // A private directory (mode 0700) for the socket: only this user can reach the database.
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanphong-pglite-'));
  process.on('exit', () => fs.rmSync(socketDir, { recursive: true, force: true }));
  const server = net.createServer((socket) => {
    // The handler only calls enqueue, clearQueueForHandler and clearTransactionIfNeeded.
    const handler = new PGLiteSocketHandler({ queryQueue: /** @type {any} */ (queue), closeOnDetach: true });
    handler.attach(socket).catch(() => socket.destroy());
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path.join(socketDir, '.s.PGSQL.5432'), () => resolve(undefined));
  });

  process.on('message', async (/** @type {{ type: string; id?: number; file?: string }} */ message) => {
    if (message.type === 'close') await close();
    if (message.type === 'dump' && message.file) {
      try {
        const blob = await database.dumpDataDir('none');
        fs.writeFileSync(message.file, Buffer.from(await blob.arrayBuffer()));
        send({ type: 'dumped', id: message.id });
      } catch (error) {
        send({ type: 'dumped', id: message.id, error: String(error) });
      }
    }
  });
  send({ type: 'ready', socketDir });
}

main().catch((error) => {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
