/**
 * Vietnam's public holidays (Labour Code 2019, Điều 112) for any year, computed rather than typed:
 * Tết Dương lịch 1/1; Tết Nguyên đán, 5 days (the last day of the lunar year and the first four of
 * the new one, as the government's yearly decisions for civil servants usually set them); Giỗ Tổ
 * Hùng Vương 10/3 lunar; 30/4 and 1/5; Quốc khánh 2/9 and one adjacent day. A holiday that falls on
 * the weekly rest day (Saturday, Sunday for civil servants) is given back on the next working day
 * (Điều 112.3). Lunar dates come from @dqcai/vn-lunar, which computes the Vietnamese calendar on
 * UTC+7 (the Chinese one, on UTC+8, puts Tết 2030 a day later). The government's yearly choices
 * that differ (a moved day, make-up Saturdays) are the agency's own entries (calendar_days).
 */
import { getSolarDate } from '@dqcai/vn-lunar';
import type { HolidayKey } from '../../../shared/calendar.js';

export interface Holiday {
  /** 'YYYY-MM-DD' */
  day: string;
  key: HolidayKey;
}

const pad = (n: number) => String(n).padStart(2, '0');
export const isoDay = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;

/** The day `n` days after `day` (both 'YYYY-MM-DD'; calendar arithmetic, no time zone). */
export function shiftDay(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** 0 Sunday … 6 Saturday. */
export const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();
export const isWeekend = (day: string) => weekday(day) === 0 || weekday(day) === 6;

function lunarToSolar(day: number, month: number, lunarYear: number): string {
  const solar = getSolarDate(day, month, lunarYear, false);
  return isoDay(solar.year, solar.month, solar.day);
}

/** The day before Quốc khánh or the day after, whichever joins it to a weekend. */
function nationalDayCompanion(year: number): string {
  const national = isoDay(year, 9, 2);
  // Monday → Tuesday 3/9 (Sunday 1/9 is already off); Thursday → Friday 3/9; otherwise 1/9.
  return [1, 4].includes(weekday(national)) ? isoDay(year, 9, 3) : isoDay(year, 9, 1);
}

/** The fixed and lunar holidays of one Gregorian year, before days in lieu. */
function statutoryHolidays(year: number): Holiday[] {
  const tet = lunarToSolar(1, 1, year);
  const days: Holiday[] = [
    { day: isoDay(year, 1, 1), key: 'new_year' },
    { day: shiftDay(tet, -1), key: 'lunar_new_year_eve' },
    ...[0, 1, 2, 3].map((n) => ({ day: shiftDay(tet, n), key: 'lunar_new_year' as const })),
    { day: lunarToSolar(10, 3, year), key: 'hung_kings' },
    { day: isoDay(year, 4, 30), key: 'reunification' },
    { day: isoDay(year, 5, 1), key: 'labour_day' },
    { day: isoDay(year, 9, 2), key: 'national_day' },
    { day: nationalDayCompanion(year), key: 'national_day' },
  ];
  return days.sort((a, b) => a.day.localeCompare(b.day));
}

/** Holidays of the year with the days in lieu of those that fall on a weekend. */
export function nationalHolidays(year: number): Holiday[] {
  const holidays = statutoryHolidays(year);
  const taken = new Set(holidays.map((h) => h.day));
  const inLieu: Holiday[] = [];
  for (const holiday of holidays) {
    if (!isWeekend(holiday.day)) continue;
    // The next day that is neither weekend nor a holiday nor already given in lieu of another.
    let day = shiftDay(holiday.day, 1);
    while (isWeekend(day) || taken.has(day)) day = shiftDay(day, 1);
    taken.add(day);
    inLieu.push({ day, key: 'in_lieu' });
  }
  return [...holidays, ...inLieu].sort((a, b) => a.day.localeCompare(b.day));
}
