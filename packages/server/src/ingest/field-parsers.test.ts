import { describe, expect, it } from 'vitest';
import { currencyDigits, parseCompactDate, parseLocalDateTime, parseMinorUnits, parseTimestamp } from './field-parsers.js';

describe('field parsers', () => {
  it('turns decimal text into minor units on its digits, rounding half away from zero or refusing extra decimals', () => {
    expect(['2.55', '0.001', '0.005', '2.555', '-11062.06', '7', '.5', '1.10'].map((s) => parseMinorUnits(s, 2, 'round')))
      .toEqual([255, 0, 1, 256, -1106206, 700, 50, 110]);
    expect(parseMinorUnits('1.10', 2, 'exact')).toBe(110);
    expect(() => parseMinorUnits('1.105', 2, 'exact')).toThrow("more than 2 decimal places ('1.105')");
    expect(() => parseMinorUnits('1,5', 2, 'round')).toThrow("not a number ('1,5')");
    expect(parseMinorUnits('1500', 0, 'exact')).toBe(1500);
  });

  it('reads local date-times, checking the calendar', () => {
    expect(parseLocalDateTime('2010-12-01 08:26:00')).toBe('2010-12-01 08:26:00');
    expect(parseLocalDateTime('12/1/2010 8:26')).toBe('2010-12-01 08:26:00');
    expect(parseLocalDateTime('2012-02-29T23:59')).toBe('2012-02-29 23:59:00');
    for (const bad of ['2011-13-45 10:00', '2011-02-29 10:00', '2011-01-01 24:00', '2011-01-01']) {
      expect(() => parseLocalDateTime(bad)).toThrow(`not a date ('${bad}')`);
    }
  });

  it('keeps an explicit offset and normalises a local time', () => {
    expect(parseTimestamp('2024-01-31T16:30:00Z')).toBe('2024-01-31 16:30:00+00:00');
    expect(parseTimestamp('2024-01-01T23:30:00+08:00')).toBe('2024-01-01 23:30:00+08:00');
    expect(parseTimestamp('2024-01-01 23:30-05')).toBe('2024-01-01 23:30:00-05');
    expect(parseTimestamp('2024-01-01 23:30')).toBe('2024-01-01 23:30:00');
    expect(parseCompactDate('19970101')).toBe('1997-01-01');
    expect(() => parseCompactDate('19970230')).toThrow('not a date');
  });

  it('knows the minor-unit digits of a currency', () => {
    expect([currencyDigits('CNY'), currencyDigits('GBP'), currencyDigits('JPY')]).toEqual([2, 2, 0]);
  });
});
