import { createReadStream } from 'node:fs';
import NodeClam from 'clamscan';

/** Where clamd listens (CLAMAV_SOCKET, or CLAMAV_HOST and CLAMAV_PORT), and how long an upload waits for it when it is down. */
export interface ScannerConfig {
  socket?: string;
  host?: string;
  port?: number;
  /** An upload waits up to this long for a scanner that does not answer, then is refused (CLAMAV_WAIT_MS). */
  waitMs: number;
}

export type ScanResult = { clean: true } | { clean: false; signature: string };

/** The scanner did not answer within the wait: the upload is refused (never accepted unscanned). */
export class ScannerUnavailableError extends Error {}

export interface Scanner {
  scanFile(file: string): Promise<ScanResult>;
  /** Whether clamd answers (readiness). */
  ping(): Promise<void>;
}

export function scannerConfigFrom(env: NodeJS.ProcessEnv): ScannerConfig | null {
  const socket = env.CLAMAV_SOCKET?.trim();
  const host = env.CLAMAV_HOST?.trim();
  if (!socket && !host) return null;
  const port = Number.parseInt(env.CLAMAV_PORT ?? '3310', 10);
  const waitMs = Number.parseInt(env.CLAMAV_WAIT_MS ?? '10000', 10);
  return { socket: socket || undefined, host: host || undefined, port: Number.isFinite(port) ? port : 3310, waitMs: Number.isFinite(waitMs) ? waitMs : 10_000 };
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

  return {
    async scanFile(file) {
      const result = await withRetry((clam) => clam.scanStream(createReadStream(file)));
      if (!result.isInfected) return { clean: true };
      return { clean: false, signature: (result.viruses ?? []).join(', ') || 'unknown' };
    },
    async ping() {
      await withRetry((clam) => clam.getVersion());
    },
  };
}
