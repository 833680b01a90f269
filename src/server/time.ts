/** Agencies work on Vietnam time: "today", a register's year and overdue all follow it. */
export const AGENCY_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: AGENCY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** 'YYYY-MM-DD' of the given instant in Vietnam. */
export function vietnamDate(instant: Date): string {
  return dateFormat.format(instant);
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
