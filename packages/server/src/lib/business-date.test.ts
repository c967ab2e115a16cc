import { describe, expect, it } from 'vitest';
import { addDays, businessDate, isIsoDate } from './business-date.js';

describe('business dates', () => {
  it('take the date in the store zone, not UTC', () => {
    const at = new Date('2026-03-01T17:30:00Z');
    expect(businessDate(at, 'Asia/Shanghai')).toBe('2026-03-02');
    expect(businessDate(at, 'Europe/London')).toBe('2026-03-01');
    expect(businessDate(at, 'America/Los_Angeles')).toBe('2026-03-01');
  });

  it('add days across month and leap-year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('recognise only real calendar dates', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-2-1')).toBe(false);
  });
});
