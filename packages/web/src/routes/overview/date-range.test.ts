import { describe, expect, it } from 'vitest';
import { comparisonPeriod, daysIn, daysOf, localToday, presetRange } from './date-range';

describe('date ranges', () => {
  const today = '2026-03-15';

  it('gives each preset as half-open business days', () => {
    expect(presetRange('last7', today)).toEqual({ from: '2026-03-08', to: '2026-03-15' });
    expect(presetRange('last30', today)).toEqual({ from: '2026-02-13', to: '2026-03-15' });
    expect(presetRange('thisMonth', today)).toEqual({ from: '2026-03-01', to: '2026-03-16' });
    expect(presetRange('lastMonth', today)).toEqual({ from: '2026-02-01', to: '2026-03-01' });
    expect(presetRange('lastMonth', '2026-01-10')).toEqual({ from: '2025-12-01', to: '2026-01-01' });
  });

  it('compares with the same dates a year earlier (同比), 29 February as 28 February', () => {
    expect(comparisonPeriod('last30', { from: '2026-02-13', to: '2026-03-15' }, 'last_year')).toEqual({ from: '2025-02-13', to: '2025-03-15' });
    expect(comparisonPeriod('custom', { from: '2024-02-29', to: '2024-03-01' }, 'last_year')).toEqual({ from: '2023-02-28', to: '2023-03-01' });
  });

  it('compares a month with the month before and other ranges with as many days before', () => {
    expect(comparisonPeriod('lastMonth', { from: '2026-03-01', to: '2026-04-01' })).toEqual({ from: '2026-02-01', to: '2026-03-01' });
    expect(comparisonPeriod('thisMonth', { from: '2026-03-01', to: '2026-03-16' })).toEqual({ from: '2026-02-01', to: '2026-02-16' });
    // Month to date on the 31st: last month is shorter, so the comparison stops at its end.
    expect(comparisonPeriod('thisMonth', { from: '2026-03-01', to: '2026-04-01' })).toEqual({ from: '2026-02-01', to: '2026-03-01' });
    expect(comparisonPeriod('last7', { from: '2026-03-08', to: '2026-03-15' })).toEqual({ from: '2026-03-01', to: '2026-03-08' });
    expect(comparisonPeriod('custom', { from: '2026-03-29', to: '2026-04-02' })).toEqual({ from: '2026-03-25', to: '2026-03-29' });
  });

  it('counts and lists days across a daylight-saving change', () => {
    const r = { from: '2026-03-27', to: '2026-04-02' };
    expect(daysIn(r)).toBe(6);
    expect(daysOf(r)).toEqual(['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31', '2026-04-01']);
  });

  it('reads today from the local calendar', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});
