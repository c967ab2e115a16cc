import { useMemo, useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/zh';

export interface Column<R> {
  key: string;
  label: MessageKey;
  /** The raw value: sorted on, filtered on and exported to CSV. */
  value(row: R): string | number | null;
  /** How it is shown (default: the raw value). */
  render?(row: R): ReactNode;
  numeric?: boolean;
}

const PAGE = 20;
const csvCell = (v: unknown) => {
  const s = v == null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** One XLSX cell: numbers as numbers, a YYYY-MM-DD value as a date, anything else as text. */
export function xlsxCell(v: string | number | null): { value: string | number | Date; type: StringConstructor | NumberConstructor | DateConstructor; format?: string } | null {
  if (v === null) return null;
  if (typeof v === 'number') return { value: v, type: Number };
  if (ISO_DAY.test(v)) return { value: new Date(`${v}T00:00:00Z`), type: Date, format: 'yyyy-mm-dd' };
  return { value: v, type: String };
}

/** Rows as an XLSX sheet: a bold header row, then the raw values as the CSV has them. */
export function toSheetData<R>(rows: readonly R[], columns: readonly Column<R>[], label: (k: MessageKey) => string) {
  return [columns.map((c) => ({ value: label(c.label), type: String, fontWeight: 'bold' as const })), ...rows.map((r) => columns.map((c) => xlsxCell(c.value(r))))];
}

function save(blob: Blob, name: string) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  URL.revokeObjectURL(a.href);
}

/** Rows as CSV (raw values: minor units for money, ratios as decimals), with the shown headers. */
export function toCsv<R>(rows: readonly R[], columns: readonly Column<R>[], label: (k: MessageKey) => string): string {
  return [columns.map((c) => csvCell(label(c.label))).join(','), ...rows.map((r) => columns.map((c) => csvCell(c.value(r))).join(','))].join('\n');
}

/** A table with sorting (click a header), a text filter, paging and CSV / XLSX export (the filtered, sorted rows). */
export function DataTable<R>({ rows, columns, testId, fileName, rowKey }: { rows: readonly R[]; columns: readonly Column<R>[]; testId: string; fileName: string; rowKey(r: R): string }) {
  const { t } = useI18n();
  const [sort, setSort] = useState<{ key: string; desc: boolean } | null>(null);
  const [filter, setFilter] = useState('');
  const [page, setPage] = useState(0);
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    let out = f ? rows.filter((r) => columns.some((c) => String(c.value(r) ?? '').toLowerCase().includes(f))) : [...rows];
    if (sort) {
      const col = columns.find((c) => c.key === sort.key)!;
      out = out.sort((a, b) => {
        const x = col.value(a);
        const y = col.value(b);
        const cmp = x === null ? 1 : y === null ? -1 : typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return sort.desc ? -cmp : cmp;
      });
    }
    return out;
  }, [rows, columns, filter, sort]);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE));
  const current = Math.min(page, pages - 1);
  const download = () => save(new Blob([`\uFEFF${toCsv(shown, columns, t)}`], { type: 'text/csv;charset=utf-8' }), `${fileName}.csv`);
  // The writer (write-excel-file, ~30 kB) loads only when a workbook is asked for.
  const downloadXlsx = async () => {
    const { default: writeXlsxFile } = await import('write-excel-file/universal');
    save(await writeXlsxFile(toSheetData(shown, columns, t), { sheet: fileName.slice(0, 31) }).toBlob(), `${fileName}.xlsx`);
  };
  return (
    <div className="data-table" data-testid={testId}>
      <div className="table-tools">
        <input type="search" placeholder={t('an.table.filter')} aria-label={t('an.table.filter')} value={filter} onChange={(e) => { setFilter(e.target.value); setPage(0); }} />
        <button type="button" onClick={download} data-testid={`${testId}-csv`}>{t('an.table.exportCsv')}</button>
        <button type="button" onClick={() => void downloadXlsx()} data-testid={`${testId}-xlsx`}>{t('an.table.exportXlsx')}</button>
      </div>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>{columns.map((c) => (
              <th key={c.key} className={c.numeric ? 'num' : ''} aria-sort={sort?.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                <button type="button" className="link-button" data-col={c.key}
                  onClick={() => setSort((s) => (s?.key === c.key ? { key: c.key, desc: !s.desc } : { key: c.key, desc: Boolean(c.numeric) }))}>
                  {t(c.label)}{sort?.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}</tr>
          </thead>
          <tbody>
            {shown.slice(current * PAGE, current * PAGE + PAGE).map((r) => (
              <tr key={rowKey(r)}>{columns.map((c) => <td key={c.key} className={c.numeric ? 'num' : ''} data-col={c.key}>{c.render ? c.render(r) : c.value(r)}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <div className="table-pager">
          <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)}>{t('an.table.prev')}</button>
          <span>{t('an.table.page', { page: current + 1, pages })}</span>
          <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>{t('an.table.next')}</button>
        </div>
      )}
    </div>
  );
}
