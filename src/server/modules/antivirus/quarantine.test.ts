// Quản trị → Tệp bị cách ly, through the API: an agency's administrator sees the files of their own
// agency that the antivirus holds back — quarantined by a later scan, or accepted unscanned while the
// scanner was down and still waiting — and can have the waiting ones scanned now. The scanner here is
// configured on a port where nothing answers (CLAMAV_UNAVAILABLE=accept); the later scan that finds
// malware is the real rescan with a stand-in scanner.
import net from 'node:net';
import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';
import type { QuarantineOverview } from '../../../shared/quarantine.js';
import type { Scanner } from './antivirus.scanner.js';
import { rescanUnscanned } from './antivirus.service.js';

let t: TestApp;
let plain: TestApp;
let pdf: Buffer;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Stands in for clamd once it answers again: content carrying the marker is "infected". */
const MARKER = 'MA-DOC-THU-NGHIEM';
const laterScanner: Scanner = {
  scanFile: async () => ({ clean: true }),
  ping: async () => undefined,
  async scanStream(open: () => Promise<Readable>) {
    let text = '';
    for await (const chunk of await open()) text += (chunk as Buffer).toString('latin1');
    return text.includes(MARKER) ? { clean: false, signature: 'Vanphong.Test.Marker-1' } : { clean: true };
  },
};

const register = async (app: TestApp, username: string, fileName: string, tail: string, summary: string) => {
  const clerk = await app.as(username);
  const answer = await clerk.upload('/api/incoming-documents', {
    metadata: JSON.stringify({ issuer: 'Sở Tài chính tỉnh Điện Biên', number: String(Math.floor(Math.random() * 1e6)), notation: 'STC-NS', issuedOn: '2026-11-20', documentType: 'official_letter', summary }),
  }, [{ name: fileName, content: Buffer.concat([pdf, Buffer.from(`\n% ${tail}\n`)]), type: 'application/pdf' }]);
  expect(answer.statusCode, answer.body).toBe(201);
  return answer.json().id as string;
};

beforeAll(async () => {
  pdf = Buffer.from(await samplePdfBytes());
  t = await createTestApp({ config: { clamav: { host: '127.0.0.1', port: await freePort(), waitMs: 300, whenDown: 'accept' } } });
  plain = await createTestApp();
  // The other agency (Sở Nội vụ) gets an administrator of its own.
  await sql`UPDATE users SET roles = array_append(roles, 'admin') WHERE username = 'giamdoc.snv'`.execute(t.database.db);
}, 90_000);
afterAll(async () => {
  await t?.close();
  await plain?.close();
});

describe('the administrator sees the files the antivirus holds back in their agency', () => {
  let infectedDoc: string;
  let waitingDoc: string;

  it('a file found infected by the later scan and one still waiting are listed with their name, document, uploader, time and signature, the infected first', async () => {
    const before = Date.now();
    infectedDoc = await register(t, 'vanthu', 'bao-cao-quy-4.pdf', MARKER, 'V/v báo cáo quyết toán quý IV');
    // The scanner answers again (a stand-in): the rescan quarantines the first upload.
    expect(await rescanUnscanned({ db: t.database.db, files: t.files, scanner: laterScanner })).toEqual({ clean: 0, infected: 1, gone: 0 });
    waitingDoc = await register(t, 'vanthu', 'ke-hoach-2027.pdf', 'sach', 'V/v kế hoạch tài chính 2027');
    // Another agency's upload, also waiting.
    await register(t, 'vanthu.snv', 'to-trinh-snv.pdf', 'snv', 'V/v tờ trình của Sở Nội vụ');

    const admin = await t.as('quantri');
    const answer = await admin.get('/api/admin/quarantine');
    expect(answer.statusCode, answer.body).toBe(200);
    const overview = answer.json() as QuarantineOverview;
    expect(overview.scannerConfigured).toBe(true);
    expect(overview.items.map((i) => [i.state, i.fileName])).toEqual([['infected', 'bao-cao-quy-4.pdf'], ['unscanned', 'ke-hoach-2027.pdf']]);
    const [infected, waiting] = overview.items;
    expect(infected).toMatchObject({
      state: 'infected', signature: 'Vanphong.Test.Marker-1', hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      document: { id: infectedDoc, direction: 'incoming', summary: 'V/v báo cáo quyết toán quý IV', reference: expect.stringContaining('STC-NS') },
      uploadedBy: { id: t.people.get('vanthu')!.id, fullName: expect.any(String) },
      scannedAt: expect.any(String),
    });
    expect(Date.parse(infected!.uploadedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(waiting).toMatchObject({ state: 'unscanned', signature: null, scannedAt: null, document: { id: waitingDoc, summary: 'V/v kế hoạch tài chính 2027' } });
  });

  it("another agency's administrator sees only their own agency's file; an official who is not an administrator is refused (403)", async () => {
    const other = (await (await t.as('giamdoc.snv')).get('/api/admin/quarantine')).json() as QuarantineOverview;
    expect(other.items.map((i) => i.fileName)).toEqual(['to-trinh-snv.pdf']);
    for (const username of ['vanthu', 'giamdoc']) {
      const refused = await (await t.as(username)).get('/api/admin/quarantine');
      expect(refused.statusCode, username).toBe(403);
      expect(refused.json().error.code).toBe('ADMIN_ONLY');
      expect((await (await t.as(username)).post('/api/admin/quarantine/rescan')).statusCode).toBe(403);
    }
  });

  it('the administrator has the waiting files scanned now: the rescan waiting out its delay becomes due at once (or is queued); without a scanner configured it is refused with a message', async () => {
    // The rescan queued with the uploads, as if the scanner had been down at its first try (due in an hour).
    await sql`UPDATE pgboss.job SET start_after = now() + interval '1 hour' WHERE name = 'antivirus.rescan' AND state IN ('created', 'retry')`.execute(t.database.db);
    const admin = await t.as('quantri');
    const asked = await admin.post('/api/admin/quarantine/rescan');
    expect(asked.statusCode, asked.body).toBe(202);
    expect(asked.json()).toEqual({ waiting: 1 });
    const due = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'antivirus.rescan' AND state IN ('created', 'retry') AND start_after <= now()`.execute(t.database.db);
    expect(due.rows[0]!.n).toBeGreaterThanOrEqual(1);
    // None waiting at all: one is queued.
    await sql`DELETE FROM pgboss.job WHERE name = 'antivirus.rescan'`.execute(t.database.db);
    expect((await admin.post('/api/admin/quarantine/rescan')).statusCode).toBe(202);
    const queued = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'antivirus.rescan' AND state = 'created'`.execute(t.database.db);
    expect(queued.rows[0]!.n).toBe(1);

    const unconfigured = await (await plain.as('quantri')).post('/api/admin/quarantine/rescan');
    expect(unconfigured.statusCode).toBe(409);
    expect(unconfigured.json().error).toMatchObject({ code: 'SCANNER_NOT_CONFIGURED', message: { vi: expect.stringContaining('máy quét'), en: expect.stringContaining('scanner') } });
    expect(((await (await plain.as('quantri')).get('/api/admin/quarantine')).json() as QuarantineOverview)).toEqual({ items: [], scannerConfigured: false });
  });
});
