// @ts-check
/**
 * The embedded database, served over the PostgreSQL protocol on a Unix socket from a worker thread,
 * so that PGlite's synchronous work never blocks the app's event loop and the app reaches it with
 * the same `pg` driver as a real server. Started and stopped by embedded-database.ts, which also
 * locks the data directory and owns the socket's directory.
 *
 * Plain JavaScript on purpose: it runs without the TypeScript loader (tsx), which costs about a
 * second and 75 MB more at every start on this machine.
 *
 * Messages: sends {type:'ready'} or {type:'failed', message}; answers {type:'dump', id, file} with
 * {type:'dumped', id, error?}; on {type:'close'} closes PGlite and ends the thread.
 * {type:'snapshot', id, file, queries} (a backup while serving): waits until no connection is inside
 * a transaction, then, with the session held so nobody writes meanwhile, runs CHECKPOINT, the given
 * read-only queries (row counts, the file hashes the rows name) and writes the data directory to
 * `file`; answers {type:'snapshotted', id, results?, error?}.
 */
import fs from 'node:fs';
import net from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';

/** @type {{ dataDir?: string; loadDataDir?: string; socketPath: string }} */
const options = workerData;
/** @param {Record<string, unknown>} message */
const send = (message) => parentPort?.postMessage(message);

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
    /** @type {{ handlerId: number; message: Uint8Array | null; task?: () => Promise<void>; onData: (d: Uint8Array) => void; resolve: (n: number) => void; reject: (e: unknown) => void }[]} */
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
          if (item.task) {
            // Taken only when no connection holds the session (owner was null): a consistent state.
            try {
              await item.task();
            } finally {
              this.owner = null;
            }
            item.resolve(0);
            continue;
          }
          if (item.message === null) {
            // The connection left in the middle of its work: end what it left open for the next one,
            // and hand the session on even if that fails (nobody is left to release it otherwise).
            try {
              await this.db.runExclusive(() => this.db.execProtocolRaw(SYNC_MESSAGE));
              if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
            } finally {
              this.owner = null;
            }
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

  /**
   * Runs `task` alone, once no connection is inside a transaction; the connections' messages wait meanwhile.
   * @param {() => Promise<void>} task
   */
  exclusive(task) {
    return new Promise((resolve, reject) => {
      this.waiting.push({ handlerId: -1, message: null, task, onData: () => undefined, resolve, reject });
      void this.pump();
    });
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

async function main() {
  const db = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir ? new Blob([fs.readFileSync(options.loadDataDir)]) : undefined,
    // Search folds diacritics with unaccent (migration 0017); PGlite ships it as a contrib bundle.
    // Meetings refuse a room's double booking with an exclusion constraint on (room, time range) (migration 0030).
    extensions: { unaccent, btree_gist },
  });
  const queue = new SessionQueue(db);
  const server = net.createServer((socket) => {
    // The handler only calls enqueue, clearQueueForHandler and clearTransactionIfNeeded.
    const handler = new PGLiteSocketHandler({ queryQueue: /** @type {any} */ (queue), closeOnDetach: true });
    handler.attach(socket).catch(() => socket.destroy());
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.socketPath, () => resolve(undefined));
  });

  parentPort?.on('message', async (/** @type {{ type: string; id?: number; file?: string; queries?: string[] }} */ message) => {
    if (message.type === 'snapshot' && message.file) {
      const file = message.file;
      try {
        /** @type {unknown[][]} */
        const results = [];
        await queue.exclusive(async () => {
          await db.exec('CHECKPOINT');
          for (const query of message.queries ?? []) results.push((await db.query(query)).rows);
          const blob = await db.dumpDataDir('none');
          fs.writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
        });
        send({ type: 'snapshotted', id: message.id, results });
      } catch (error) {
        send({ type: 'snapshotted', id: message.id, error: String(error) });
      }
    }
    if (message.type === 'close') {
      server.close();
      await db.close().catch(() => undefined);
      process.exit(0); // in a worker: ends this thread only
    }
    if (message.type === 'dump' && message.file) {
      try {
        const blob = await db.dumpDataDir('none');
        fs.writeFileSync(message.file, Buffer.from(await blob.arrayBuffer()));
        send({ type: 'dumped', id: message.id });
      } catch (error) {
        send({ type: 'dumped', id: message.id, error: String(error) });
      }
    }
  });
  send({ type: 'ready' });
}

main().catch((error) => {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
