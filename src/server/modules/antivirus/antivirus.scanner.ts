import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import NodeClam from 'clamscan';

/** Where clamd listens (CLAMAV_SOCKET, or CLAMAV_HOST and CLAMAV_PORT), and how long an upload waits for it when it is down. */
export interface ScannerConfig {
  socket?: string;
  host?: string;
  port?: number;
  /** An upload waits up to this long for a scanner that does not answer, then is refused (CLAMAV_WAIT_MS). */
  waitMs: number;
  /**
   * When the scanner is configured but does not answer within the wait (CLAMAV_UNAVAILABLE):
   * `refuse` the upload (503, the default), or `accept` it marked "not scanned" (file_scans), to be
   * scanned by a job when the scanner returns and quarantined if it is infected.
   */
  whenDown?: 'refuse' | 'accept';
}

export type ScanResult = { clean: true } | { clean: false; signature: string };

/** The scanner did not answer within the wait: the upload is refused (never accepted unscanned). */
export class ScannerUnavailableError extends Error {}

export interface Scanner {
  scanFile(file: string): Promise<ScanResult>;
  /** Scans what `open` streams (stored content); `open` is called again for each try. */
  scanStream?(open: () => Promise<Readable>): Promise<ScanResult>;
  /** Whether clamd answers (readiness). */
  ping(): Promise<void>;
}

export function scannerConfigFrom(env: NodeJS.ProcessEnv): ScannerConfig | null {
  const socket = env.CLAMAV_SOCKET?.trim();
  const host = env.CLAMAV_HOST?.trim();
  if (!socket && !host) return null;
  const port = Number.parseInt(env.CLAMAV_PORT ?? '3310', 10);
  const waitMs = Number.parseInt(env.CLAMAV_WAIT_MS ?? '10000', 10);
  const whenDown = (env.CLAMAV_UNAVAILABLE ?? 'refuse').trim().toLowerCase();
  if (whenDown !== 'refuse' && whenDown !== 'accept') throw new Error(`CLAMAV_UNAVAILABLE must be "refuse" or "accept", not "${env.CLAMAV_UNAVAILABLE}".`);
  return { socket: socket || undefined, host: host || undefined, port: Number.isFinite(port) ? port : 3310, waitMs: Number.isFinite(waitMs) ? waitMs : 10_000, whenDown };
}

/**
 * clamd through the `clamscan` client (INSTREAM over TCP or a Unix socket; clamd unpacks archives,
 * PDFs and Office files itself). A connection refused or timed out is tried again with short pauses
 * until `waitMs` has passed, so a clamd restart (a signature update) does not refuse uploads.
 */
export function createScanner(config: ScannerConfig): Scanner {
  const perTryTimeout = Math.max(1000, Math.min(config.waitMs, 30_000));
  let client: Promise<NodeClam> | null = null;
  const connect = () => {
    client ??= new NodeClam().init({
      removeInfected: false,
      debugMode: false,
      preference: 'clamdscan',
      clamscan: { active: false },
      clamdscan: { socket: config.socket ?? false, host: config.host ?? false, port: config.port ?? false, timeout: perTryTimeout, localFallback: false, bypassTest: true, active: true },
    }).catch((error: unknown) => { client = null; throw error; });
    return client;
  };

  async function withRetry<T>(work: (clam: NodeClam) => Promise<T>): Promise<T> {
    const deadline = Date.now() + config.waitMs;
    for (let pause = 200; ; pause = Math.min(pause * 2, 2000)) {
      try {
        return await work(await connect());
      } catch (error) {
        // Tries again until the deadline, the last time at the deadline itself: the wait is the configured one.
        const left = deadline - Date.now();
        if (left <= 0) throw new ScannerUnavailableError(error instanceof Error ? error.message : String(error));
        await new Promise((resolve) => setTimeout(resolve, Math.min(pause, left)));
      }
    }
  }

  const outcome = (result: { isInfected: boolean | null; viruses?: string[] }): ScanResult =>
    (result.isInfected ? { clean: false, signature: (result.viruses ?? []).join(', ') || 'unknown' } : { clean: true });
  return {
    async scanFile(file) {
      return outcome(await withRetry((clam) => clam.scanStream(createReadStream(file))));
    },
    async scanStream(open) {
      return outcome(await withRetry(async (clam) => {
        const stream = await open();
        try {
          return await clam.scanStream(stream);
        } finally {
          stream.destroy(); // a try that failed leaves no open file behind
        }
      }));
    },
    async ping() {
      await withRetry((clam) => clam.getVersion());
    },
  };
}
