// The history's hash chains are verified (npm run verify-history, and the nightly job): a row changed
// with raw SQL outside the app is found, named by its document and event, and the agency's head and
// administrators are told once; an intact history gives no notice.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';
import { describeBrokenLink, nextVerification, verifyAndNotify, verifyHistory } from './events.verify.js';

let t: TestApp;
let documentId: string;

const chainNotices = async (username: string) => ((await (await t.as(username)).get('/api/notifications')).json().items as { kind: string; documentId: string | null; params: Record<string, unknown> }[])
  .filter((n) => n.kind === 'history_chain_broken');

beforeAll(async () => {
  t = await createTestApp();
  const clerk = await t.as('vanthu');
  for (let i = 0; i < 2; i++) {
    const registered = await clerk.upload('/api/incoming-documents', {
      metadata: JSON.stringify({ issuer: 'Sở Nội vụ tỉnh Điện Biên', number: String(300 + i), notation: 'SNV-TCBC', issuedOn: '2026-01-02', documentType: 'official_letter', summary: `V/v kiểm tra nhật ký ${i}` }),
    }, [{ name: 'cong-van.pdf', content: Buffer.concat([Buffer.from(await samplePdfBytes()), Buffer.from(`\n% ${i}\n`)]) }]);
    expect(registered.statusCode, registered.body).toBe(201);
    documentId = registered.json().id;
    // A second event on the chain: the document goes to the director.
    const submitted = await clerk.post(`/api/incoming-documents/${documentId}/submit`, { leaderId: t.people.get('giamdoc')!.id });
    expect(submitted.statusCode, submitted.body).toBe(200);
  }
}, 60_000);
afterAll(async () => t?.close());

describe('the history hash chain is verified and a broken one reported', () => {
  it('an intact history verifies and nobody is told', async () => {
    const report = await verifyAndNotify(t.database.db);
    expect(report.broken).toEqual([]);
    expect(report.documents).toBeGreaterThanOrEqual(2);
    expect(report.notified).toBe(0);
    expect(await chainNotices('giamdoc')).toEqual([]);
  });

  it('a row changed with raw SQL breaks the chain: the first broken link names the document and the event, and the director and administrators are told once', async () => {
    const [first] = await t.database.db.selectFrom('events').select(['id', 'action']).where('document_id', '=', documentId).orderBy('id').limit(1).execute();
    // Outside the app: someone with the database's password turns the append-only trigger off.
    await sql`ALTER TABLE events DISABLE TRIGGER USER`.execute(t.database.db);
    await sql`UPDATE events SET payload = payload || '{"arrivalNumber": 999}'::jsonb WHERE id = ${first!.id}`.execute(t.database.db);
    await sql`ALTER TABLE events ENABLE TRIGGER USER`.execute(t.database.db);

    // Small batches: the chain spans several reads.
    const report = await verifyHistory(t.database.db, { batchSize: 2 });
    expect(report.broken).toHaveLength(1); // later links of the same document are not reported again
    expect(report.broken[0]).toMatchObject({ documentId, eventId: first!.id, action: first!.action, reason: 'content' });
    expect(describeBrokenLink(report.broken[0]!)).toContain(`document ${documentId}: event ${first!.id}`);

    const notified = await verifyAndNotify(t.database.db);
    expect(notified.notified).toBe(2); // giamdoc (the director) and quantri (the administrator)
    for (const username of ['giamdoc', 'quantri']) {
      const [notice, ...more] = await chainNotices(username);
      expect(more).toEqual([]);
      expect(notice).toMatchObject({ documentId, params: { eventId: first!.id, action: first!.action, summary: 'V/v kiểm tra nhật ký 1' } });
    }
    expect(await chainNotices('vanthu')).toEqual([]);
    // The next night's check tells nobody again of the same break.
    expect((await verifyAndNotify(t.database.db)).notified).toBe(0);
  });

  it('the nightly check is at 02:00 in Vietnam', () => {
    expect(nextVerification(new Date('2026-12-01T10:00:00Z')).toISOString()).toBe('2026-12-01T19:00:00.000Z');
    expect(nextVerification(new Date('2026-12-01T19:30:00Z')).toISOString()).toBe('2026-12-02T19:00:00.000Z');
  });
});
