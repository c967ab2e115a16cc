import { describe, expect, it } from 'vitest';
import { buildCalendar, businessDate, dayDemand, localMidnight, springFestivalOffset } from './store-calendar.js';

describe('store calendar', () => {
  it('puts business days at local midnight of the store zone', () => {
    expect(new Date(localMidnight('2025-11-11', 'Asia/Shanghai')).toISOString()).toBe('2025-11-10T16:00:00.000Z');
    // Europe/London is on summer time in July and on GMT in January.
    expect(new Date(localMidnight('2025-07-01', 'Europe/London')).toISOString()).toBe('2025-06-30T23:00:00.000Z');
    expect(new Date(localMidnight('2025-01-01', 'Europe/London')).toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(businessDate(Date.parse('2025-11-10T16:30:00Z'), 'Asia/Shanghai')).toBe('2025-11-11');
  });

  it('covers the requested days ending on the end date', () => {
    const cal = buildCalendar('2026-03-31', 730, 'Asia/Shanghai');
    expect(cal.dates[0]).toBe('2024-04-01');
    expect(cal.dates.at(-1)).toBe('2026-03-31');
    expect(cal.end - cal.dayStart[0]!).toBe(730 * 86_400_000);
  });

  it('peaks on 双11, 618 and 双12 and dips over 春节', () => {
    const ordinary = dayDemand('2025-09-10').factor;
    expect(dayDemand('2025-11-11')).toEqual({ factor: expect.any(Number), festival: '双11' });
    expect(dayDemand('2025-11-11').factor).toBeGreaterThan(4 * ordinary);
    expect(dayDemand('2025-06-18').factor).toBeGreaterThan(2.5 * ordinary);
    expect(dayDemand('2025-12-12').factor).toBeGreaterThan(1.8 * ordinary);
    expect(springFestivalOffset('2025-01-29')).toBe(0);
    expect(springFestivalOffset('2026-02-10')).toBe(-7);
    expect(dayDemand('2025-01-30').factor).toBeLessThan(0.6 * ordinary);
    expect(dayDemand('2024-02-12').festival).toBe('春节');
  });
});
