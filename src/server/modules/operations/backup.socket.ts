/**
 * The operator's commands on a PGlite deployment while its server runs (backup, verify-history). Only the running server may open its data
 * directory (embedded-database.ts locks it), so `npm run backup` asks that server, through a Unix
 * socket in the data directory (DATA_DIR/backup.sock, mode 0600: whoever may read the data directory
 * may back it up, nobody else), to take the backup into a folder; the server answers with progress
 * lines and the summary. On PostgreSQL the command does it itself (pg_dump on a snapshot).
 * `npm run verify-history` asks the same way ({"verifyHistory": true}).
 */
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { OpenedDatabase } from '../../db/database.js';
import type { FileStore } from '../files/file-store.js';
import { type HistoryReport, verifyHistory } from '../events/events.verify.js';
import { type BackupManifest, type BackupProgress, createBackup } from './backup.js';

export const backupSocketPath = (dataDir: string) => path.join(dataDir, 'backup.sock');

type Answer = { progress: BackupProgress } | { done: Pick<BackupManifest, 'database' | 'files' | 'timings'> } | { verified: HistoryReport } | { error: string };

/** Listens for backup requests; returns the stop function. */
export async function serveBackups(deps: { database: OpenedDatabase; files: FileStore; dataDir: string; log: (message: string, error?: unknown) => void }): Promise<() => Promise<void>> {
  const socketPath = backupSocketPath(deps.dataDir);
  await fs.rm(socketPath, { force: true }); // a socket file left by a server that was killed
  let running = false;
  const server = net.createServer((socket) => {
    let buffer = '';
    socket.on('error', () => undefined);
    socket.on('data', (data) => {
      buffer += data.toString();
      const end = buffer.indexOf('\n');
      if (end < 0) return;
      const send = (answer: Answer) => { if (!socket.destroyed) socket.write(`${JSON.stringify(answer)}\n`); };
      let out: string;
      let since: string | undefined;
      try {
        const request = JSON.parse(buffer.slice(0, end)) as { out?: unknown; since?: unknown; verifyHistory?: unknown };
        if (request.verifyHistory === true) {
          verifyHistory(deps.database.db).then((verified) => send({ verified }), (error: unknown) => send({ error: String(error) })).finally(() => socket.end());
          return;
        }
        out = String(request.out ?? '');
        since = request.since === undefined ? undefined : String(request.since);
      } catch {
        send({ error: 'bad request' });
        socket.end();
        return;
      }
      if (running || !path.isAbsolute(out) || (since !== undefined && !path.isAbsolute(since))) {
        send({ error: running ? 'A backup is already running on this server.' : 'The backup folders must be absolute paths.' });
        socket.end();
        return;
      }
      running = true;
      deps.log(`backup to ${out} started`);
      createBackup({ database: deps.database, files: deps.files, out, since, dataDir: deps.dataDir, onProgress: (progress) => send({ progress }) })
        .then((manifest) => {
          deps.log(`backup to ${out} done: ${manifest.files.count} file(s), database ${manifest.timings.databaseMs} ms, files ${manifest.timings.filesMs} ms`);
          send({ done: { database: manifest.database, files: { ...manifest.files, items: [] }, timings: manifest.timings } });
        }, (error: unknown) => {
          deps.log(`backup to ${out} failed`, error);
          send({ error: error instanceof Error ? error.message : String(error) });
        })
        .finally(() => { running = false; socket.end(); });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  await fs.chmod(socketPath, 0o600);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Asks the server holding DATA_DIR for a backup; null when no server listens there. */
export async function backupThroughServer(dataDir: string, out: string, onProgress: (progress: BackupProgress) => void, since?: string): Promise<Extract<Answer, { done: unknown }>['done'] | null> {
  const answer = await ask(dataDir, since ? { out, since } : { out }, onProgress);
  return answer && 'done' in answer ? answer.done : null;
}

/** Asks the server holding DATA_DIR to verify the history; null when no server listens there. */
export async function verifyThroughServer(dataDir: string): Promise<HistoryReport | null> {
  const answer = await ask(dataDir, { verifyHistory: true }, () => undefined);
  return answer && 'verified' in answer ? answer.verified : null;
}

async function ask(dataDir: string, request: object, onProgress: (progress: BackupProgress) => void): Promise<Answer | null> {
  const socket = net.connect(backupSocketPath(dataDir));
  const connected = await new Promise<boolean>((resolve) => {
    socket.once('connect', () => resolve(true));
    socket.once('error', () => resolve(false));
  });
  if (!connected) return null;
  socket.write(`${JSON.stringify(request)}\n`);
  let buffer = '';
  for await (const chunk of socket) {
    buffer += (chunk as Buffer).toString();
    let end;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const answer = JSON.parse(buffer.slice(0, end)) as Answer;
      buffer = buffer.slice(end + 1);
      if ('progress' in answer) onProgress(answer.progress);
      if ('error' in answer) throw new Error(answer.error);
      if ('done' in answer || 'verified' in answer) return answer;
    }
  }
  throw new Error('The server closed the connection before it answered (see its log).');
}
