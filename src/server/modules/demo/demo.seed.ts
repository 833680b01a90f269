import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { type Clock, vietnamDate } from '../../time.js';
import { type ActionContext, type CurrentUser, toCurrentUser } from '../auth/current-user.js';
import { hashPassword } from '../auth/password.js';
import type { FileStore } from '../files/file-store.js';
import type { IncomingDeps } from '../incoming/incoming.context.js';
import * as incoming from '../incoming/incoming.service.js';
import * as work from '../assignments/assignments.workflow.js';
import * as workflow from '../incoming/incoming.workflow.js';
import {
  DEMO_AGENCY, DEMO_DOCUMENTS, DEMO_PASSWORD, DEMO_UNITS, DEMO_USERS, type DemoDocument, OTHER_AGENCY, OTHER_AGENCY_USERS, type UnitKey,
} from './demo.data.js';
import { seedCollaboration } from './demo.collaboration.js';
import { seedDemoTasks } from './demo.tasks.js';
import { renderSamplePdf } from './demo.pdf.js';
import type { KeyVault } from '../signatures/keys.js';
import { seedDemoSigning } from '../signatures/demo-ca.seed.js';
import { seedDemoCalendar } from './demo.calendar.js';
import { seedDemoMeetings } from './demo.meetings.js';

export { DEMO_PASSWORD };

const HEADS: Record<UnitKey, string> = { vp: 'chanhvanphong', khtc: 'tp.khtc', cntt: 'tp.cntt', bcvt: 'tp.bcvt' };
const SPECIALISTS: Record<UnitKey, string> = { vp: 'quantri', khtc: 'cv.khtc', cntt: 'cv.cntt', bcvt: 'cv.bcvt' };
const DAY = 86_400_000;

export interface SeedSummary {
  agency: string;
  documents: number;
  accounts: { username: string; description: string }[];
}

const accounts = () => [...DEMO_USERS, ...OTHER_AGENCY_USERS].map(({ username, description }) => ({ username, description }));

/** Loads the demo agency into an empty database; a database that holds anything is left alone. */
/** `vault`: also make the demo certificate authority, certificates and signature images (digital signatures). */
export async function seedDemoIfEmpty(db: Db, files: FileStore, options: { documents?: boolean; vault?: KeyVault | undefined } = {}): Promise<SeedSummary | null> {
  const existing = await db.selectFrom('agencies').select('name').execute();
  if (existing.length) {
    // Already seeded earlier: still tell who can sign in, if this is the demo agency.
    return existing.some((a) => a.name === DEMO_AGENCY.name) ? { agency: DEMO_AGENCY.name, documents: 0, accounts: accounts() } : null;
  }
  const people = await seedOrganization(db);
  if (options.vault) {
    const agency = await db.selectFrom('agencies').select('id').where('name', '=', DEMO_AGENCY.name).executeTakeFirstOrThrow();
    await seedDemoSigning(db, options.vault, people, agency.id, DEMO_AGENCY.name);
  }
  const documents = options.documents === false ? 0 : await seedDocuments(db, files, people);
  // Issue 12: the week's published work schedule and the director's own events (the full demo only).
  if (options.documents !== false) await seedDemoCalendar(db, people);
  if (options.documents !== false) await seedDemoMeetings(db, people);
  // Messages and a survey (issue 12), with the full demo only.
  if (options.documents !== false) await seedCollaboration(db, files, people);
  // Demo tasks (giao việc), with the documents (tests seed neither).
  if (options.documents !== false) await seedDemoTasks(db, people);
  return { agency: DEMO_AGENCY.name, documents, accounts: accounts() };
}

async function seedOrganization(db: Db): Promise<Map<string, CurrentUser>> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (tx) => {
    const people = new Map<string, CurrentUser>();
    const agencies = [
      { spec: DEMO_AGENCY, users: DEMO_USERS, units: DEMO_UNITS },
      { spec: OTHER_AGENCY, users: OTHER_AGENCY_USERS, units: [{ key: 'vp', name: 'Văn phòng Sở', shortName: 'VP' }] },
    ] as const;
    for (const { spec, users, units } of agencies) {
      const agency = await tx.insertInto('agencies').values({ name: spec.name, short_name: spec.shortName, place_name: 'Điện Biên' }).returning('id').executeTakeFirstOrThrow();
      const unitIds = new Map<string, string>();
      for (const [i, unit] of units.entries()) {
        const row = await tx.insertInto('units').values({ agency_id: agency.id, name: unit.name, short_name: unit.shortName, sort_order: i, updated_at: new Date() }).returning('id').executeTakeFirstOrThrow();
        unitIds.set(unit.key, row.id);
      }
      for (const user of users) {
        const row = await tx
          .insertInto('users')
          .values({ agency_id: agency.id, unit_id: unitIds.get(user.unit)!, username: user.username, full_name: user.fullName, position: user.position, roles: user.roles, password_hash: passwordHash, updated_at: new Date() })
          .returningAll()
          .executeTakeFirstOrThrow();
        people.set(user.username, toCurrentUser(row));
      }
      for (const unit of units) {
        if (!('supervisor' in unit)) continue;
        await tx.updateTable('units').set({ supervisor_id: people.get(unit.supervisor)!.id }).where('id', '=', unitIds.get(unit.key)!).execute();
      }
    }
    return people;
  });
}

async function seedDocuments(db: Db, files: FileStore, people: Map<string, CurrentUser>): Promise<number> {
  let now = new Date();
  const clock: Clock = { now: () => now };
  const deps: IncomingDeps = { db, files, clock };
  const real = Date.now();
  const as = (username: string, at: Date): ActionContext => ({ user: people.get(username)!, ip: '127.0.0.1', userAgent: 'demo-seed', at });
  const person = (username: string) => people.get(username)!;
  const unitOf = (key: UnitKey) => person(HEADS[key]).unitId!;

  const ordered = [...DEMO_DOCUMENTS].sort((a, b) => b.daysAgo - a.daysAgo);
  for (const [index, spec] of ordered.entries()) {
    // Arrivals through the working day, 08:00 onwards Vietnam time (UTC+7).
    const planned = new Date(Date.UTC(...ymd(real - spec.daysAgo * DAY), 1 + (index % 8), 10 + index));
    const arrival = new Date(Math.min(planned.getTime(), real - (ordered.length - index) * 60_000));
    const step = (days: number, hour = 2) => new Date(Math.min(arrival.getTime() + days * DAY + hour * 3600_000, real));
    now = arrival;
    const dueDate = spec.dueInDays === undefined ? undefined : vietnamDate(new Date(arrival.getTime() + spec.dueInDays * DAY));
    const pdf = await renderSamplePdf({ issuer: spec.issuer, reference: `${spec.number}/${spec.notation}`, issuedOn: vietnamDate(new Date(arrival.getTime() - 2 * DAY)), summary: spec.summary, signer: spec.signer });
    const stored = await files.stage(Readable.from(Buffer.from(pdf)), 50 * 1024 * 1024);
    if (stored.truncated) throw new Error('demo PDF larger than 50 MB');
    const leader = spec.daysAgo % 3 === 0 ? 'phogiamdoc' : 'giamdoc';
    const doc = await incoming.register(deps, as('vanthu', arrival), {
      issuer: spec.issuer,
      number: spec.number,
      notation: spec.notation,
      issuedOn: vietnamDate(new Date(arrival.getTime() - 2 * DAY)),
      documentType: spec.documentType,
      summary: spec.summary,
      signer: spec.signer,
      urgency: spec.urgency,
      secrecy: spec.secrecy ?? 'none',
      pageCount: spec.pages,
      dueDate,
      submitTo: spec.stage === 'registered' ? undefined : person(leader).id,
    }, { files: [{ hash: stored.hash, fileName: `${spec.number}-${spec.notation}.pdf`, mimeType: 'application/pdf', size: stored.size }], commit: stored.commit });
    if (spec.stage === 'registered' || spec.stage === 'submitted') continue;
    if (spec.stage === 'returned_to_clerk') {
      now = step(0, 3);
      await incoming.returnToClerk(deps, as(leader, now), doc.id, 'Văn bản mời dự sự kiện, đề nghị văn thư chuyển trực tiếp Phòng BCVT&BC, không cần trình.');
      continue;
    }
    await playWorkflow(deps, spec, doc.id, leader, { as, person, unitOf, step, setNow: (d) => { now = d; } });
  }
  await sql`ANALYZE`.execute(db);
  return ordered.length;
}

interface Helpers {
  as(username: string, at: Date): ActionContext;
  person(username: string): CurrentUser;
  unitOf(key: UnitKey): string;
  step(days: number, hour?: number): Date;
  setNow(date: Date): void;
}

async function playWorkflow(deps: IncomingDeps, spec: DemoDocument, documentId: string, leader: string, h: Helpers) {
  const at = (days: number, hour?: number) => { const d = h.step(days, hour); h.setNow(d); return d; };
  const mine = async (username: string, role: 'lead' | 'coordinate', when: Date) =>
    (await incoming.detail(deps, h.as(username, when), documentId)).assignments.find((a) => a.mine && a.role === role);
  const direction = spec.urgency === 'flash' || spec.urgency === 'very_urgent'
    ? `Giao ${DEMO_UNITS.find((u) => u.key === spec.lead)!.name} chủ trì xử lý ngay, báo cáo kết quả trong ngày.`
    : `Giao ${DEMO_UNITS.find((u) => u.key === spec.lead)!.name} chủ trì tham mưu, đề xuất xử lý theo quy định; các phòng liên quan phối hợp.`;
  const leadDue = (await incoming.detail(deps, h.as(leader, at(0, 3)), documentId)).dueDate ?? undefined;
  await workflow.assign(deps, h.as(leader, at(0, 4)), documentId, {
    direction,
    assignments: [
      { role: 'lead', unitId: h.unitOf(spec.lead), dueDate: leadDue },
      ...(spec.coordinate ?? []).map((key) => ({ role: 'coordinate' as const, unitId: h.unitOf(key) })),
      ...(leader === 'giamdoc' ? [{ role: 'info' as const, userId: h.person('phogiamdoc').id }] : []),
    ],
  });
  if (spec.stage === 'assigned') return;

  const head = HEADS[spec.lead];
  const unitLead = (await mine(head, 'lead', at(1, 1)))!;
  await work.forward(deps, h.as(head, at(1, 2)), unitLead.id, {
    direction: 'Đề nghị đồng chí nghiên cứu, tham mưu dự thảo văn bản trả lời, trình lãnh đạo phòng trước hạn.',
    assignments: [{ role: 'lead', userId: h.person(SPECIALISTS[spec.lead]).id }],
  });
  if (spec.stage === 'forwarded') return;

  const specialist = SPECIALISTS[spec.lead];
  const own = (await mine(specialist, 'lead', at(2, 1)))!;
  if (spec.stage === 'returned') {
    await work.returnAssignment(deps, h.as(specialist, at(2, 2)), own.id, 'Nội dung thuộc chức năng của phòng khác, đề nghị lãnh đạo phòng xem xét giao lại.');
    return;
  }
  await work.note(deps, h.as(specialist, at(2, 2)), own.id, 'Đã nghiên cứu văn bản, đang tổng hợp số liệu và dự thảo văn bản trả lời.');
  if (spec.stage === 'noted') return;

  for (const key of spec.coordinate ?? []) {
    const coordinate = await mine(HEADS[key], 'coordinate', at(3, 1));
    if (coordinate) await work.complete(deps, h.as(HEADS[key], at(3, 2)), coordinate.id, { result: 'Đã gửi ý kiến phối hợp và số liệu liên quan cho đơn vị chủ trì.' });
  }
  // The result goes up: the specialist proposes, the unit head confirms, the leader confirms.
  await work.complete(deps, h.as(specialist, at(4, 2)), own.id, { result: `Đã dự thảo văn bản trả lời ${spec.issuer}, trình lãnh đạo Sở ký ban hành.` });
  if (spec.stage === 'proposed') return;
  await work.confirmResult(deps, h.as(head, at(4, 4)), own.id);
  if (spec.stage === 'awaiting_leader') return;
  await work.confirmResult(deps, h.as(leader, at(5, 2)), unitLead.id);
}

function ymd(ms: number): [number, number, number] {
  const [y, m, d] = vietnamDate(new Date(ms)).split('-').map(Number) as [number, number, number];
  return [y, m - 1, d];
}
