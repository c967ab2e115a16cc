export type OutputFormat = 'table' | 'json' | 'csv';

const csvCell = (v: unknown) => {
  const s = v == null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Rows as an aligned text table, CSV, or JSON (`json` prints `wrapper` with the rows inside when given). */
export function formatRows(rows: readonly Record<string, unknown>[], format: OutputFormat, wrapper?: (rows: readonly Record<string, unknown>[]) => unknown): string {
  if (format === 'json') return JSON.stringify(wrapper ? wrapper(rows) : rows, null, 2);
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  if (format === 'csv') return [cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))].join('\n');
  if (rows.length === 0) return '(no rows)';
  const cells = rows.map((r) => cols.map((c) => (r[c] == null ? '' : String(r[c]))));
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const widths = cols.map((c, i) => Math.max(width(c), ...cells.map((row) => width(row[i]!))));
  const pad = (s: string, i: number, right: boolean) => (right ? ' '.repeat(widths[i]! - width(s)) + s : s + ' '.repeat(widths[i]! - width(s)));
  const numeric = cols.map((_, i) => cells.every((row) => row[i] === '' || /^-?[\d.]+$/.test(row[i]!)));
  const line = (row: string[]) => row.map((s, i) => pad(s, i, numeric[i]!)).join('  ').trimEnd();
  return [line(cols), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export function parseFormat(value: string): OutputFormat {
  if (value === 'table' || value === 'json' || value === 'csv') return value;
  throw new Error(`--format: expected table, json or csv, got '${value}'`);
}
