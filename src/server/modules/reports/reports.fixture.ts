import { expect } from 'vitest';
import { approveThroughChain } from '../../test-support/outgoing-flow.js';
import { type Client, samplePdfBytes, type TestApp } from '../../test-support/test-app.js';

// One small agency history for the dashboard and report tests, told through the real API with a
// clock the test moves: "today" is Monday 2 March 2026 (Vietnam).
//   A  arrived 2 Feb, lead cv.cntt, due 10 Feb, completed 9 Feb          → on time
//   B  arrived 2 Feb, lead cv.cntt, due 5 Feb, completed 12 Feb          → late
//   C  arrived 16 Feb, lead unit KHTC → cv.khtc, due 20 Feb, open        → overdue (KHTC, Vũ Thị Hoa)
//   D  arrived 27 Feb, lead cv.cntt with coordinator KHTC, due 4 Mar     → in progress, due within 3 working days
//   E  arrived today, hỏa tốc, submitted to the director                 → waiting for his direction
//   F  arrived today, thường, registered only
//   and in the other agency (Sở Nội vụ) one hỏa tốc document today, submitted to its director.
//   Outgoing: a draft by cv.cntt waiting for tp.cntt's review; an approved draft for the director to sign.

export const TODAY = '2026-03-02';
const at = (day: string) => new Date(`${day}T03:00:00Z`);

export interface TrackingFixture { ids: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'other', string>; leadOf: Record<'A' | 'B' | 'C' | 'D', string> }

export async function buildTrackingFixture(t: TestApp): Promise<TrackingFixture> {
  const pdf = await samplePdfBytes();
  const id = (u: string) => t.people.get(u)!.id;
  const unitOf = (u: string) => t.people.get(u)!.unitId!;
  let serial = 0;
  const register = async (clerk: Client, overrides: Record<string, unknown>) => {
    serial += 1;
    const metadata = { issuer: 'UBND tỉnh Điện Biên', number: String(500 + serial), notation: 'UBND-KT', issuedOn: '2026-01-30', documentType: 'official_letter', summary: `V/v theo dõi giải quyết văn bản số ${serial}`, urgency: 'normal', pageCount: 1, ...overrides };
    const res = await clerk.upload('/api/incoming-documents', { metadata: JSON.stringify(metadata) }, [{ name: 'vb.pdf', content: pdf, type: 'application/pdf' }]);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const ok = (res: { statusCode: number; body: string }) => expect(res.statusCode, res.body).toBe(200);
  const clerk = await t.as('vanthu');
  const director = await t.as('giamdoc');
  const assign = async (day: string, overrides: Record<string, unknown>, assignments: object[]) => {
    t.setNow(at(day));
    const docId = await register(clerk, { submitTo: id('giamdoc'), ...overrides });
    const res = await director.post(`/api/incoming-documents/${docId}/assign`, { direction: 'Đề nghị chủ trì xử lý, báo cáo kết quả.', assignments });
    ok(res);
    return { docId, leadId: res.json().assignmentIds[0] as string };
  };
  /**
   * The handler completes and the director confirms the result on `day`. The workflow stamps a
   * completion with the real time (assignments.context.ts `stamp`: ctx.at ?? new Date()), not with
   * the server clock the tests move, so the completion instant is then set to that day here.
   */
  const complete = async (day: string, docId: string, leadId: string, as: string) => {
    t.setNow(at(day));
    ok(await (await t.as(as)).post(`/api/assignments/${leadId}/complete`, { result: 'Đã xử lý xong, báo cáo lãnh đạo.' }));
    ok(await director.post(`/api/assignments/${leadId}/confirm`));
    await t.database.db.updateTable('documents').set({ completed_at: at(day) }).where('id', '=', docId).where('status', '=', 'completed').executeTakeFirstOrThrow();
  };

  const A = await assign('2026-02-02', { urgency: 'urgent' }, [{ role: 'lead', userId: id('cv.cntt'), dueDate: '2026-02-10' }]);
  const B = await assign('2026-02-02', {}, [{ role: 'lead', userId: id('cv.cntt'), dueDate: '2026-02-05' }]);
  await complete('2026-02-09', A.docId, A.leadId, 'cv.cntt');
  await complete('2026-02-12', B.docId, B.leadId, 'cv.cntt');
  const C = await assign('2026-02-16', {}, [{ role: 'lead', unitId: unitOf('tp.khtc'), dueDate: '2026-02-20' }]);
  ok(await (await t.as('tp.khtc')).post(`/api/assignments/${C.leadId}/forward`, { direction: 'Giao đồng chí Hoa xử lý.', assignments: [{ role: 'lead', userId: id('cv.khtc') }] }));
  const D = await assign('2026-02-27', { urgency: 'very_urgent' }, [{ role: 'lead', userId: id('cv.cntt'), dueDate: '2026-03-04' }, { role: 'coordinate', unitId: unitOf('tp.khtc'), dueDate: '2026-03-04' }]);
  ok(await (await t.as('cv.cntt')).post(`/api/assignments/${D.leadId}/notes`, { note: 'Đang tổng hợp số liệu các huyện.' }));

  t.setNow(at(TODAY));
  const E = await register(clerk, { urgency: 'flash', submitTo: id('giamdoc') });
  const F = await register(clerk, {});
  const other = await register(await t.as('vanthu.snv'), { urgency: 'flash', submitTo: id('giamdoc.snv') });

  // Outgoing: one draft waiting for the CNTT head's review, one approved and waiting for the director's signature.
  const drafter = await t.as('cv.cntt');
  const draft = async () => {
    const res = await drafter.upload('/api/outgoing-documents', { metadata: JSON.stringify({ documentType: 'official_letter', summary: `V/v báo cáo tiến độ lần ${++serial}`, urgency: 'normal', signerId: id('giamdoc'), signingForm: 'none', recipients: [{ kind: 'external', name: 'UBND tỉnh Điện Biên' }] }) }, [{ name: 'du-thao.pdf', content: pdf, type: 'application/pdf' }]);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const inReview = await draft();
  ok(await drafter.post(`/api/outgoing-documents/${inReview}/submit`, {}));
  await approveThroughChain(t, await draft());

  return { ids: { A: A.docId, B: B.docId, C: C.docId, D: D.docId, E, F, other }, leadOf: { A: A.leadId, B: B.leadId, C: C.leadId, D: D.leadId } };
}
