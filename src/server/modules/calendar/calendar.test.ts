import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { nationalHolidays } from './calendar.holidays.js';
import { addWorkingDays, isWorkingDay, workingCalendarFrom, workingDaysBetween } from './calendar.service.js';

const daysOff = (year: number) => nationalHolidays(year).map((h) => `${h.day} ${h.key}`);

describe('the national calendar', () => {
  it('Tết 2026 gives the last day of the year and the first four of the new one, 16 to 20 February', () => {
    expect(daysOff(2026).filter((d) => d.startsWith('2026-02'))).toEqual([
      '2026-02-16 lunar_new_year_eve', '2026-02-17 lunar_new_year', '2026-02-18 lunar_new_year', '2026-02-19 lunar_new_year', '2026-02-20 lunar_new_year',
    ]);
  });

  it('Tết 2027 starts on a Saturday, so its two weekend days are given back on Wednesday and Thursday', () => {
    expect(daysOff(2027).filter((d) => d.startsWith('2027-02'))).toEqual([
      '2027-02-05 lunar_new_year_eve', '2027-02-06 lunar_new_year', '2027-02-07 lunar_new_year', '2027-02-08 lunar_new_year', '2027-02-09 lunar_new_year',
      '2027-02-10 in_lieu', '2027-02-11 in_lieu',
    ]);
  });

  it('Tết 2030 is on 2 February by the Vietnamese (UTC+7) lunar calendar, not 3 February as the Chinese one says', () => {
    expect(nationalHolidays(2030).find((h) => h.key === 'lunar_new_year')?.day).toBe('2030-02-02');
  });

  it('the other holidays of 2026: New Year, Hùng Kings on 10/3 lunar (a Sunday, given back on Monday), 30/4, 1/5 and National Day with 1 September', () => {
    expect(daysOff(2026).filter((d) => !d.startsWith('2026-02'))).toEqual([
      '2026-01-01 new_year', '2026-04-26 hung_kings', '2026-04-27 in_lieu', '2026-04-30 reunification', '2026-05-01 labour_day',
      '2026-09-01 national_day', '2026-09-02 national_day',
    ]);
  });

  it('working days are counted across Tết: the working day after Friday 13 February 2026 is Monday 23 February', () => {
    const calendar = workingCalendarFrom([]);
    expect(calendar.addWorkingDays('2026-02-13', 1)).toBe('2026-02-23');
    expect(calendar.addWorkingDays('2026-02-23', -1)).toBe('2026-02-13');
    expect(calendar.workingDaysBetween('2026-02-13', '2026-02-27')).toBe(5);
    expect(calendar.workingDaysBetween('2026-02-27', '2026-02-13')).toBe(-5);
    // The same day when it is a working day, else the next one (hỏa tốc received on a holiday).
    expect(calendar.addWorkingDays('2026-02-12', 0)).toBe('2026-02-12');
    expect(calendar.addWorkingDays('2026-02-17', 0)).toBe('2026-02-23');
  });
});

describe("the agency's working-day calendar", () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => t?.close());

  it('the administrator makes a Saturday a working day and a Monday a day off, and the counts follow; other agencies are not affected', async () => {
    const admin = await t.as('quantri');
    expect((await admin.put('/api/calendar/days', { day: '2026-01-10', working: true, note: 'Làm bù' })).statusCode).toBe(200);
    expect((await admin.put('/api/calendar/days', { day: '2026-01-12', working: false, note: 'Nghỉ bù' })).statusCode).toBe(200);
    const agencyId = t.people.get('quantri')!.agencyId;
    const db = t.database.db;
    expect(await isWorkingDay(db, agencyId, '2026-01-10')).toBe(true);
    expect(await addWorkingDays(db, agencyId, '2026-01-09', 1)).toBe('2026-01-10');
    expect(await addWorkingDays(db, agencyId, '2026-01-10', 1)).toBe('2026-01-13');
    expect(await workingDaysBetween(db, agencyId, '2026-01-09', '2026-01-16')).toBe(5);

    const year = (await admin.get('/api/calendar?year=2026')).json();
    expect(year.days.find((d: { day: string }) => d.day === '2026-01-10')).toEqual({ day: '2026-01-10', working: true, holiday: null, agencyEntry: { working: true, note: 'Làm bù' } });
    expect(year.days.find((d: { day: string }) => d.day === '2026-02-17')).toMatchObject({ working: false, holiday: 'lunar_new_year' });

    const otherAgency = t.people.get('giamdoc.snv')!.agencyId;
    expect(await isWorkingDay(db, otherAgency, '2026-01-10')).toBe(false);
    const theirs = (await (await t.as('giamdoc.snv')).get('/api/calendar?year=2026')).json();
    expect(theirs.days.some((d: { agencyEntry: unknown }) => d.agencyEntry)).toBe(false);

    expect((await admin.delete('/api/calendar/days/2026-01-12')).statusCode).toBe(200);
    expect(await isWorkingDay(db, agencyId, '2026-01-12')).toBe(true);
    expect((await admin.delete('/api/calendar/days/2026-01-12')).statusCode).toBe(404);
  });

  it('only the administrator changes the calendar, and an impossible date is refused', async () => {
    const specialist = await t.as('cv.cntt');
    expect((await specialist.put('/api/calendar/days', { day: '2026-03-07', working: true })).statusCode).toBe(403);
    const refused = await (await t.as('quantri')).put('/api/calendar/days', { day: '2026-02-30', working: true });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('VALIDATION');
  });

  it('due dates are suggested by urgency and document type in working days, with the defaults until the agency sets its own', async () => {
    const clerk = await t.as('vanthu');
    const suggest = async (query: string) => (await clerk.get(`/api/calendar/suggested-due-date?${query}`)).json();
    // Friday 13 February 2026, the last working day before Tết.
    expect(await suggest('urgency=flash&from=2026-02-13')).toEqual({ dueDate: '2026-02-13', workingDays: 0, from: '2026-02-13' });
    expect((await suggest('urgency=very_urgent&from=2026-02-13')).dueDate).toBe('2026-02-23');
    expect((await suggest('urgency=urgent&from=2026-02-13')).dueDate).toBe('2026-02-24');
    expect((await suggest('urgency=normal&from=2026-02-13')).dueDate).toBe('2026-03-06');

    const admin = await t.as('quantri');
    const saved = await admin.put('/api/calendar/due-date-rules', {
      rules: [{ urgency: 'normal', documentType: null, workingDays: 7 }, { urgency: 'normal', documentType: 'decision', workingDays: 3 }],
      reminderLeadDays: 2,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().reminderLeadDays).toBe(2);
    expect((await suggest('urgency=normal&from=2026-02-13')).dueDate).toBe('2026-03-03');
    expect((await suggest('urgency=normal&documentType=decision&from=2026-02-13')).dueDate).toBe('2026-02-25');
    // The clock decides "today" when no date is given.
    t.setNow(new Date('2026-02-13T09:00:00+07:00'));
    expect((await suggest('urgency=very_urgent')).dueDate).toBe('2026-02-23');
    t.setNow(null);
    expect((await clerk.put('/api/calendar/due-date-rules', { rules: [], reminderLeadDays: 1 })).statusCode).toBe(403);
  });
});
