// Antivirus on every upload, against a real clamd (Debian's clamav-daemon) started here with one
// local signature: the EICAR test file's (Debian ships no signatures and freshclam cannot reach its
// servers from CI; a deployment runs freshclam). Without clamd installed the tests say so and skip.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';
import { makeZip } from '../../test-support/zip-fixture.js';
import { createScanner } from './antivirus.scanner.js';
import { rescanUnscanned } from './antivirus.service.js';

const clamd = (() => {
  try { return execFileSync('sh', ['-c', 'command -v clamd || ls /usr/sbin/clamd'], { encoding: 'utf8' }).trim().split('\n')[0] ?? ''; } catch { return ''; }
})();
if (!clamd) console.warn('clamd is not installed (apt-get install clamav-daemon): the antivirus tests are skipped.');

// The EICAR test file: harmless, and detected by every antivirus as if it were malware.
const EICAR = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*');
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.end('zPING\0'); });
    socket.once('data', (data) => { resolve(data.toString().startsWith('PONG')); socket.destroy(); });
    socket.once('error', () => resolve(false));
  });
}

describe.runIf(clamd)('uploads are scanned by ClamAV before they are accepted', () => {
  let dir: string;
  let daemon: ChildProcess;
  let t: TestApp;
  let down: TestApp;
  let lax: TestApp;
  let laxPort: number;
  let proxy: net.Server | undefined;
  let port: number;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanphong-clamd-'));
    port = await freePort();
    await fs.writeFile(path.join(dir, 'local.hdb'), `${createHash('md5').update(EICAR).digest('hex')}:${EICAR.length}:Local.EICAR.HDB\n`);
    await fs.writeFile(path.join(dir, 'clamd.conf'), [
      `DatabaseDirectory ${dir}`, `TCPSocket ${port}`, 'TCPAddr 127.0.0.1', 'Foreground yes', `PidFile ${dir}/clamd.pid`,
      'ScanArchive yes', 'ScanPDF yes', 'LogFile /dev/null',
    ].join('\n'));
    daemon = spawn(clamd, ['-c', path.join(dir, 'clamd.conf')], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !(await answers(port)); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    t = await createTestApp({ config: { clamav: { host: '127.0.0.1', port, waitMs: 3000 }, metricsToken: 'quet-virus' } });
    // A deployment whose scanner is configured but not running.
    down = await createTestApp({ config: { clamav: { host: '127.0.0.1', port: await freePort(), waitMs: 600 } } });
    // One that accepts uploads unscanned while its scanner is down (CLAMAV_UNAVAILABLE=accept).
    laxPort = await freePort();
    lax = await createTestApp({ config: { clamav: { host: '127.0.0.1', port: laxPort, waitMs: 600, whenDown: 'accept' } } });
  });
  afterAll(async () => {
    daemon?.kill();
    await t?.close();
    await down?.close();
    await lax?.close();
    proxy?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const register = (app: TestApp, name: string, content: Buffer, type = 'application/pdf') => app.as('vanthu').then((clerk) => clerk.upload('/api/incoming-documents', {
    metadata: JSON.stringify({ issuer: 'Sở Tài chính tỉnh Điện Biên', number: String(Math.floor(Math.random() * 1e6)), notation: 'STC-NS', issuedOn: '2026-01-02', documentType: 'official_letter', summary: 'V/v kiểm tra tệp đính kèm' }),
  }, [{ name, content, type }]));

  async function nothingStored(app: TestApp, content: Buffer) {
    expect(await app.files.stat(sha(content))).toBeNull();
    expect(await fs.readdir(path.join(app.fileRoot, 'tmp')).catch(() => [])).toEqual([]);
  }

  it('the EICAR file is refused with a message naming the signature, and nothing of it is stored', async () => {
    const before = await t.database.db.selectFrom('documents').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const refused = await register(t, 'hoa-don.pdf', EICAR);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'FILE_INFECTED' });
    expect(refused.json().error.message.vi).toContain('hoa-don.pdf');
    expect(refused.json().error.message.vi).toContain('Local.EICAR');
    expect(refused.json().error.message.en).toContain('contains malware');
    await nothingStored(t, EICAR);
    const after = await t.database.db.selectFrom('documents').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    // In the audit trail (the history), and the agency's administrator is told who sent what.
    const audit = await t.database.db.selectFrom('events').select(['actor_id', 'payload']).where('action', '=', 'upload_refused_infected').execute();
    expect(audit).toEqual([{ actor_id: t.people.get('vanthu')!.id, payload: expect.objectContaining({ fileName: 'hoa-don.pdf', signature: expect.stringContaining('Local.EICAR') }) }]);
    const notices = (await (await t.as('quantri')).get('/api/notifications')).json().items as { kind: string; params: Record<string, string> }[];
    expect(notices.filter((n) => n.kind === 'file_infected')).toEqual([expect.objectContaining({ params: expect.objectContaining({ fileName: 'hoa-don.pdf', signature: expect.stringContaining('Local.EICAR') }) })]);
  });

  it('a clean PDF passes; a PDF carrying EICAR inside a ZIP attached to it is refused', async () => {
    const clean = Buffer.from(await samplePdfBytes());
    expect((await register(t, 'cong-van.pdf', clean)).statusCode).toBe(201);

    const pdf = await PDFDocument.load(clean);
    await pdf.attach(makeZip([{ name: 'tai-lieu/eicar.com', content: EICAR }]), 'tai-lieu.zip', { mimeType: 'application/zip', description: 'Tài liệu kèm theo' });
    const carrier = Buffer.from(await pdf.save());
    const refused = await register(t, 'cong-van-kem-tai-lieu.pdf', carrier);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'FILE_INFECTED' });
    await nothingStored(t, carrier);
  });

  it('when the scanner is down, an upload waits briefly and is then refused clearly (503), never stored unscanned', async () => {
    const clean = Buffer.concat([Buffer.from(await samplePdfBytes()), Buffer.from('\n% chưa quét\n')]);
    const started = Date.now();
    const refused = await register(down, 'cong-van.pdf', clean);
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error).toMatchObject({ code: 'SCANNER_UNAVAILABLE' });
    expect(refused.json().error.message.vi).toContain('cong-van.pdf');
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    await nothingStored(down, clean);
    // The load balancer hears of it too.
    const ready = await down.app.inject({ method: 'GET', url: '/api/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.antivirus).toMatchObject({ ok: false });
  });

  it('readiness includes the scanner, and the metrics count what was scanned and refused', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/ready' })).json().checks.antivirus).toMatchObject({ ok: true });
    const text = (await t.app.inject({ method: 'GET', url: '/api/metrics', headers: { authorization: 'Bearer quet-virus' } })).body;
    expect(text).toMatch(/vanphong_uploads_scanned_total\{result="infected"\} 2/);
    expect(text).toMatch(/vanphong_uploads_scanned_total\{result="clean"\} [1-9]/);
  });

  it('with CLAMAV_UNAVAILABLE=accept, uploads go through unscanned while the scanner is down; when it returns the job clears the clean one and quarantines the infected one', async () => {
    const clean = Buffer.concat([Buffer.from(await samplePdfBytes()), Buffer.from('\n% chấp nhận chưa quét\n')]);
    const pdf = await PDFDocument.load(clean);
    await pdf.attach(makeZip([{ name: 'eicar.com', content: EICAR }]), 'kem-theo.zip', { mimeType: 'application/zip' });
    const carrier = Buffer.from(await pdf.save());
    const first = await register(lax, 'cong-van.pdf', clean);
    const second = await register(lax, 'kem-theo.pdf', carrier);
    expect(first.statusCode, first.body).toBe(201);
    expect(second.statusCode, second.body).toBe(201);
    const states = () => lax.database.db.selectFrom('file_scans').select(['file_hash', 'state', 'signature', 'file_name']).orderBy('file_name').execute();
    expect(await states()).toEqual([
      { file_hash: sha(clean), state: 'unscanned', signature: null, file_name: 'cong-van.pdf' },
      { file_hash: sha(carrier), state: 'unscanned', signature: null, file_name: 'kem-theo.pdf' },
    ]);
    // The scan is queued (a run scans all that waits; a second finds nothing left).
    const queued = await lax.database.db.selectFrom('pgboss.job' as 'events').select(sql<number>`count(*)::int`.as('n')).where(sql<boolean>`name = 'antivirus.rescan'`).executeTakeFirstOrThrow();
    expect(queued.n).toBeGreaterThanOrEqual(1);

    const scanner = createScanner({ host: '127.0.0.1', port: laxPort, waitMs: 600 });
    // Still down: the job fails (and pg-boss tries it again later); nothing changes.
    await expect(rescanUnscanned({ db: lax.database.db, files: lax.files, scanner })).rejects.toThrow();
    expect((await states()).map((s) => s.state)).toEqual(['unscanned', 'unscanned']);

    // The scanner returns (a proxy to the running clamd on the configured port).
    proxy = net.createServer((socket) => socket.pipe(net.connect(port, '127.0.0.1')).pipe(socket));
    await new Promise<void>((resolve) => proxy!.listen(laxPort, '127.0.0.1', resolve));
    expect(await rescanUnscanned({ db: lax.database.db, files: lax.files, scanner })).toEqual({ clean: 1, infected: 1, gone: 0 });
    expect(await states()).toEqual([
      { file_hash: sha(clean), state: 'clean', signature: null, file_name: 'cong-van.pdf' },
      { file_hash: sha(carrier), state: 'infected', signature: expect.stringContaining('Local.EICAR'), file_name: 'kem-theo.pdf' },
    ]);

    // Quarantined: its download is refused with a clear message; the clean one opens.
    const clerk = await lax.as('vanthu');
    const open = async (id: string) => {
      const detail = (await clerk.get(`/api/incoming-documents/${id}`)).json();
      return clerk.get(`/api/incoming-documents/${id}/attachments/${detail.attachments[0].id}`);
    };
    const blocked = await open(second.json().id);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error).toMatchObject({ code: 'FILE_QUARANTINED' });
    expect(blocked.json().error.message.vi).toContain('cách ly');
    expect((await open(first.json().id)).statusCode).toBe(200);
    // The administrator is told which file.
    const notices = (await (await lax.as('quantri')).get('/api/notifications')).json().items as { kind: string; params: Record<string, string> }[];
    expect(notices.filter((n) => n.kind === 'file_quarantined')).toEqual([expect.objectContaining({ params: { fileName: 'kem-theo.pdf', signature: expect.stringContaining('Local.EICAR') } })]);
  });
});
