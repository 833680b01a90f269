import type { Dayjs } from 'dayjs';

// Form rules for dates out of range. A DatePicker's `disabledDate` silently drops a typed date it
// disallows, so the clerk never learns why the field went empty; these keep what was typed and
// say under the field why it is refused.

type DateValue = Dayjs | null | undefined;

/** Refuses a date before `min` (by day) with `message`. */
export function notBefore(min: Dayjs | null | undefined, message: string) {
  return {
    validator: async (_: unknown, value: DateValue) => {
      if (min && value && value.isBefore(min, 'day')) throw new Error(message);
    },
  };
}

/** Refuses a date after `max` (by day) with `message`. */
export function notAfter(max: Dayjs | null | undefined, message: string) {
  return {
    validator: async (_: unknown, value: DateValue) => {
      if (max && value && value.isAfter(max, 'day')) throw new Error(message);
    },
  };
}
