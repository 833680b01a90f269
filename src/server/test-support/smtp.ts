import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import type { Executor } from '../db/database.js';
import type { MailConfig } from '../modules/notifications/notifications.email.js';

/** A mail as the SMTP server received it, with its subject and text decoded (UTF-8, as nodemailer encodes them). */
export interface ReceivedMail { to: string; subject: string; text: string; raw: string }

export interface TestSmtp {
  /** Mail settings for the test app, with the app's public address for links. */
  mail: MailConfig;
  received: ReceivedMail[];
  /** Waits for a mail matching `predicate`. */
  arrives(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

const decodeWords = (header: string) => header.replace(/\r?\n[ \t]+/g, ' ')
  .replace(/\?=\s+=\?/g, '?==?')
  .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, encoding: string, data: string) => (encoding.toUpperCase() === 'B'
    ? Buffer.from(data, 'base64')
    : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1')).toString('utf8'));

function decode(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}: (.*(?:\\r?\\n[ \\t].*)*)`, 'mi').exec(head)?.[1] ?? '';
  const encoding = header('Content-Transfer-Encoding').trim().toLowerCase();
  const bytes = encoding === 'base64'
    ? Buffer.from(body, 'base64')
    : encoding === 'quoted-printable'
      ? Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1')
      : Buffer.from(body, 'utf8');
  return { subject: decodeWords(header('Subject')), text: bytes.toString('utf8').replace(/\r\n/g, '\n') };
}

/** A real SMTP server on a random local port, keeping what it receives. */
export async function startTestSmtp(appUrl = 'https://vanphong.example'): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), ...decode(raw), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    mail: { url: `smtp://127.0.0.1:${port}`, from: 'VanPhong <vanphong@dienbien.gov.vn>', appUrl },
    received,
    async arrives(predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!received.some(predicate)) {
        if (Date.now() > deadline) throw new Error(`no such mail; received: ${JSON.stringify(received.map((m) => [m.to, m.subject]))}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return received.find(predicate)!;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Waits until no mail job is waiting or running (then what was to be sent has been). */
export async function mailJobsSettled(db: Executor, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job
      WHERE name IN ('notifications.send-email', 'notifications.send-mail') AND state NOT IN ('completed', 'failed', 'cancelled')`.execute(db);
    if (open.rows[0]!.n === 0) return;
    if (Date.now() > deadline) throw new Error('mail jobs still pending');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
