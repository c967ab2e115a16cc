import { describe, expect, it } from 'vitest';
import { localDate, zonedToUtc, type BusinessCalendar } from './business-calendar.js';
import { addBusinessMinutes, businessMinutesBetween, slaStatus } from './sla-clock.js';

// A service desk in Shanghai (UTC+8, no DST): Monday–Friday 09:00–12:00 and 13:30–18:00
// (7.5 opening hours a day). 2026-11-20 is a Friday. Test calendar: 2026-12-31 closed and
// Saturday 2027-01-02 a working day (调休) — made up for the test, not the real 2027 schedule.
const day = [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '18:00' }];
const shanghai: BusinessCalendar = {
  timeZone: 'Asia/Shanghai',
  weekly: { 1: day, 2: day, 3: day, 4: day, 5: day },
  holidays: ['2026-12-31'],
  workdays: ['2027-01-02'],
};
const at = (iso: string) => Date.parse(iso);

describe('business calendar', () => {
  it('converts wall-clock times to instants in the zone, across DST', () => {
    expect(new Date(zonedToUtc('2026-11-20', 17 * 60, 'Asia/Shanghai')).toISOString()).toBe('2026-11-20T09:00:00.000Z');
    // London: GMT until 2026-03-29 01:00 UTC, then BST (UTC+1).
    expect(new Date(zonedToUtc('2026-03-27', 9 * 60, 'Europe/London')).toISOString()).toBe('2026-03-27T09:00:00.000Z');
    expect(new Date(zonedToUtc('2026-03-30', 9 * 60, 'Europe/London')).toISOString()).toBe('2026-03-30T08:00:00.000Z');
    expect(localDate(at('2026-11-20T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-21');
  });
});

describe('addBusinessMinutes', () => {
  it('carries a Friday-afternoon ticket over the weekend', () => {
    // Fri 17:00 + 120 min: 60 on Friday (17:00–18:00), 60 on Monday (09:00–10:00) → Mon 2026-11-23 10:00 CST.
    expect(new Date(addBusinessMinutes(at('2026-11-20T09:00:00Z'), 120, shanghai)).toISOString()).toBe('2026-11-23T02:00:00.000Z');
  });

  it('starts the clock at the next opening when created outside hours', () => {
    // Saturday 2026-11-21 10:00 CST + 30 → Monday 09:30 CST.
    expect(new Date(addBusinessMinutes(at('2026-11-21T02:00:00Z'), 30, shanghai)).toISOString()).toBe('2026-11-23T01:30:00.000Z');
    // 0 minutes outside hours: due at the next opening.
    expect(new Date(addBusinessMinutes(at('2026-11-21T02:00:00Z'), 0, shanghai)).toISOString()).toBe('2026-11-23T01:00:00.000Z');
  });

  it('skips the lunch break', () => {
    // Mon 11:30 CST + 60: 30 before lunch, 30 after 13:30 → 14:00 CST.
    expect(new Date(addBusinessMinutes(at('2026-11-23T03:30:00Z'), 60, shanghai)).toISOString()).toBe('2026-11-23T06:00:00.000Z');
  });

  it('skips holidays and opens on 调休 working days', () => {
    // Wed 2026-12-30 17:00 CST + 8 h (480 min): 60 on Wed; Thu 31 closed; Fri 2027-01-01 450 (full day)
    // → 510 > 480, so due Fri at 09:00 + 420 opening minutes = 17:30 CST.
    expect(new Date(addBusinessMinutes(at('2026-12-30T09:00:00Z'), 480, shanghai)).toISOString()).toBe('2027-01-01T09:30:00.000Z');
    // Fri 2027-01-01 17:30 CST + 60: 30 on Friday, Saturday 2027-01-02 is a working day → Sat 09:30 CST.
    expect(new Date(addBusinessMinutes(at('2027-01-01T09:30:00Z'), 60, shanghai)).toISOString()).toBe('2027-01-02T01:30:00.000Z');
  });

  it('counts opening hours in local time across a DST change', () => {
    const london: BusinessCalendar = { timeZone: 'Europe/London', weekly: { 1: [{ start: '09:00', end: '17:00' }], 2: [{ start: '09:00', end: '17:00' }], 3: [{ start: '09:00', end: '17:00' }], 4: [{ start: '09:00', end: '17:00' }], 5: [{ start: '09:00', end: '17:00' }] } };
    // Fri 2026-03-27 16:00 GMT + 120: 60 on Friday, Monday opens 09:00 BST = 08:00Z → 09:00Z.
    expect(new Date(addBusinessMinutes(at('2026-03-27T16:00:00Z'), 120, london)).toISOString()).toBe('2026-03-30T09:00:00.000Z');
  });

  it('agrees with businessMinutesBetween', () => {
    const start = at('2026-11-20T05:10:00Z'); // Fri 13:10 CST, inside lunch
    for (const m of [0, 1, 20, 290, 291, 450, 1000, 2250]) {
      const due = addBusinessMinutes(start, m, shanghai);
      expect(businessMinutesBetween(start, due, shanghai)).toBeCloseTo(m, 9);
    }
    expect(businessMinutesBetween(at('2026-11-20T01:00:00Z'), at('2026-11-27T01:00:00Z'), shanghai)).toBe(5 * 450);
  });

  it('rejects bad calendars', () => {
    expect(() => addBusinessMinutes(0, 10, { timeZone: 'Mars/Base', weekly: { 1: day } })).toThrow(RangeError);
    expect(() => addBusinessMinutes(0, 10, { timeZone: 'UTC', weekly: {} })).toThrow(/never open/);
    expect(() => addBusinessMinutes(0, 10, { timeZone: 'UTC', weekly: { 1: [{ start: '18:00', end: '09:00' }] } })).toThrow(/ends before/);
  });
});

describe('slaStatus', () => {
  // Created Friday 17:00 CST; first response 60 business minutes, resolution 8 hours (480).
  const created = at('2026-11-20T09:00:00Z');
  const targets = { firstResponseMinutes: 60, resolutionMinutes: 480, warnFraction: 0.75 };

  it('runs, warns and breaches as business time passes, not wall time', () => {
    const sat = slaStatus({ createdAt: created }, targets, shanghai, at('2026-11-21T04:00:00Z'));
    // Saturday: Friday's 60 minutes are used up, so the first response is already breached.
    expect(sat.firstResponse).toMatchObject({ state: 'breached', elapsedMinutes: 60, remainingMinutes: 0, dueAt: at('2026-11-20T10:00:00Z') });
    // Resolution due Mon 09:00 + 420 → Mon 17:30 CST; warning from 360 minutes → Mon 09:00 + 300 = 15:30 CST.
    expect(sat.resolution).toMatchObject({ state: 'running', elapsedMinutes: 60, dueAt: at('2026-11-23T09:30:00Z'), warnAt: at('2026-11-23T07:30:00Z') });
    expect(slaStatus({ createdAt: created }, targets, shanghai, at('2026-11-23T07:45:00Z')).resolution.state).toBe('warning');
    expect(slaStatus({ createdAt: created }, targets, shanghai, at('2026-11-23T09:30:00Z')).resolution.state).toBe('breached');
  });

  it('records met and missed targets once done', () => {
    const s = slaStatus({ createdAt: created, firstResponseAt: at('2026-11-20T09:40:00Z'), resolvedAt: at('2026-11-24T01:00:00Z') }, targets, shanghai, at('2026-11-25T00:00:00Z'));
    expect(s.firstResponse).toMatchObject({ state: 'met', elapsedMinutes: 40, remainingMinutes: 20 });
    // Resolved Tue 09:00 CST: 60 (Fri) + 450 (Mon) = 510 business minutes > 480.
    expect(s.resolution).toMatchObject({ state: 'missed', elapsedMinutes: 510, remainingMinutes: -30 });
  });

  it('stops the resolution clock while the ticket is pending on the customer, across business hours', () => {
    // Pending from Mon 10:00 CST to Tue 11:00 CST. Before it: 60 (Fri 17–18) + 60 (Mon 9–10) = 120 minutes.
    const pauses = [{ from: at('2026-11-23T02:00:00Z'), to: at('2026-11-24T03:00:00Z') }];
    const after = slaStatus({ createdAt: created, pauses }, targets, shanghai, at('2026-11-24T04:00:00Z'));
    // 360 left from Tue 11:00: 60 (11–12) + 270 (13:30–18) + 30 → Wed 09:30 CST; warning (360 in all) at 240 after: Tue 16:30 CST.
    expect(after.resolution).toMatchObject({ state: 'running', dueAt: at('2026-11-25T01:30:00Z'), warnAt: at('2026-11-24T08:30:00Z'), elapsedMinutes: 180, remainingMinutes: 300 });
    // The first-response clock does not pause.
    expect(after.firstResponse.dueAt).toBe(at('2026-11-20T10:00:00Z'));
    // Without the pause the same ticket breached Mon 17:30 CST.
    expect(slaStatus({ createdAt: created }, targets, shanghai, at('2026-11-24T04:00:00Z')).resolution.state).toBe('breached');
    // Resolved Wed 09:00 CST: 120 + 60 + 270 = 450 business minutes outside the pause ≤ 480.
    const done = slaStatus({ createdAt: created, resolvedAt: at('2026-11-25T01:00:00Z'), pauses }, targets, shanghai, at('2026-11-26T00:00:00Z'));
    expect(done.resolution).toMatchObject({ state: 'met', elapsedMinutes: 450, remainingMinutes: 30 });
  });

  it('moves the due time out while still paused, and keeps a breach that came before the pause', () => {
    // Still pending at Tue 10:00 CST: 120 used, 360 from now → 120 (10–12) + 240 → Tue 17:30 CST.
    const paused = slaStatus({ createdAt: created, pauses: [{ from: at('2026-11-23T02:00:00Z'), to: null }] }, targets, shanghai, at('2026-11-24T02:00:00Z'));
    expect(paused.resolution).toMatchObject({ state: 'running', elapsedMinutes: 120, dueAt: at('2026-11-24T09:30:00Z') });
    // Pending only from Mon 18:00 CST, after the Mon 17:30 due time: still breached, due time unchanged;
    // elapsed stops at the pause: 60 (Fri) + 450 (all of Monday) = 510.
    const late = slaStatus({ createdAt: created, pauses: [{ from: at('2026-11-23T10:00:00Z'), to: null }] }, targets, shanghai, at('2026-11-24T02:00:00Z'));
    expect(late.resolution).toMatchObject({ state: 'breached', dueAt: at('2026-11-23T09:30:00Z'), elapsedMinutes: 510 });
  });
});
