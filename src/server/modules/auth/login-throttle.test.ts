import { describe, expect, it } from 'vitest';
import { refusal, RULES, type Tally, waitSeconds } from './login-throttle.js';

const tally = (failures: number, secondsSinceLatest: number | null = 0): Tally => ({ failures, secondsSinceLatest });
const none = tally(0, null);

describe('how long a sign-in must wait', () => {
  it('free failures cost nothing; past them the wait doubles with each failure, up to 15 minutes', () => {
    const rule = RULES.accountAndIp;
    expect(waitSeconds(rule, tally(4))).toBe(0);
    expect([5, 6, 7, 8, 9, 10, 20].map((n) => waitSeconds(rule, tally(n)))).toEqual([60, 120, 240, 480, 900, 900, 900]);
  });

  it('the wait counts from the latest failure', () => {
    expect(waitSeconds(RULES.accountAndIp, tally(6, 100.2))).toBe(20);
    expect(waitSeconds(RULES.accountAndIp, tally(6, 120))).toBe(0);
  });

  it('a known browser answers to its own budget only; other browsers to the longest of their three rules', () => {
    const busy = { ip: tally(40), account: tally(12), accountAndIp: tally(5), device: none };
    expect(refusal(busy, true)).toBeNull();
    expect(refusal(busy, false)).toEqual({ rule: 'ip', retryAfterSeconds: 900 });
    expect(refusal({ ...busy, device: tally(5, 30) }, true)).toEqual({ rule: 'device', retryAfterSeconds: 30 });
    expect(refusal({ ip: none, account: tally(11), accountAndIp: tally(1), device: none }, false)).toEqual({ rule: 'account', retryAfterSeconds: 120 });
  });
});
