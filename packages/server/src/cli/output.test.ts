import { describe, expect, it } from 'vitest';
import { formatRows } from './output.js';

describe('formatRows', () => {
  const rows = [{ period: '2026-01', orders: 12, channel: '天猫' }, { period: '2026-02', orders: 3, channel: 'a,"b"' }];

  it('aligns a table, numbers to the right, wide characters counted as two columns', () => {
    expect(formatRows(rows, 'table')).toBe([
      'period   orders  channel',
      '-------  ------  -------',
      '2026-01      12  天猫',
      '2026-02       3  a,"b"',
    ].join('\n'));
  });

  it('quotes CSV cells that need it', () => {
    expect(formatRows(rows, 'csv')).toBe('period,orders,channel\n2026-01,12,天猫\n2026-02,3,"a,""b"""');
  });

  it('wraps JSON when asked', () => {
    expect(JSON.parse(formatRows(rows, 'json', (r) => ({ currency: 'CNY', rows: r })))).toEqual({ currency: 'CNY', rows });
  });
});
