import type { KpiRow } from '@zhanggui/contracts';
import type { MessageKey } from '../../i18n/zh';

export type MetricKey = 'gmv' | 'paidAmount' | 'netSales' | 'orders' | 'buyers' | 'aov' | 'arppu' | 'repurchaseRate' | 'refunds';
export type MetricKind = 'money' | 'count' | 'rate';

export interface MetricDef {
  key: MetricKey;
  label: MessageKey;
  kind: MetricKind;
  /** Distinct counts (and figures built on them) cannot be summed over sub-periods. */
  additive: boolean;
  /** For refunds, a rise is bad news. */
  lowerIsBetter?: boolean;
}

/** The overview's cards, in the order shown (docs/metrics.md defines each). */
export const METRICS: readonly MetricDef[] = [
  { key: 'gmv', label: 'kpi.gmv', kind: 'money', additive: true },
  { key: 'paidAmount', label: 'kpi.paidAmount', kind: 'money', additive: true },
  { key: 'netSales', label: 'kpi.netSales', kind: 'money', additive: true },
  { key: 'orders', label: 'kpi.orders', kind: 'count', additive: true },
  { key: 'buyers', label: 'kpi.buyers', kind: 'count', additive: false },
  { key: 'aov', label: 'kpi.aov', kind: 'money', additive: true },
  { key: 'arppu', label: 'kpi.arppu', kind: 'money', additive: false },
  { key: 'repurchaseRate', label: 'kpi.repurchaseRate', kind: 'rate', additive: false },
  { key: 'refunds', label: 'kpi.refunds', kind: 'money', additive: true, lowerIsBetter: true },
];

export type Totals = Record<MetricKey, number | null>;

const SUMMED = ['orders', 'gmv', 'paidAmount', 'refunds', 'netSales'] as const;

/**
 * The whole range's figures from its report rows. One row (the overview asks for granularity
 * `total`) is the range itself. Over several rows
 * the sums are exact and AOV follows from them (rounded half-up as the server does), but buyers,
 * ARPPU and repurchase rate are distinct counts that sub-periods cannot give: they stay null.
 */
export function totalsOf(rows: readonly KpiRow[]): Totals {
  if (rows.length === 1) {
    const r = rows[0]!;
    return { gmv: r.gmv, paidAmount: r.paidAmount, netSales: r.netSales, orders: r.orders, buyers: r.buyers, aov: r.aov, arppu: r.arppu, repurchaseRate: r.repurchaseRate, refunds: r.refunds };
  }
  const sum = Object.fromEntries(SUMMED.map((k) => [k, rows.reduce((s, r) => s + r[k], 0)])) as Record<(typeof SUMMED)[number], number>;
  return { ...sum, aov: sum.orders === 0 ? null : Math.round(sum.gmv / sum.orders), buyers: null, arppu: null, repurchaseRate: null };
}

/** Change against the comparison value: relative for amounts and counts, a difference for rates. */
export function changeOf(kind: MetricKind, current: number | null, previous: number | null): number | null {
  if (current === null || previous === null) return null;
  if (kind === 'rate') return current - previous;
  return previous === 0 ? null : (current - previous) / previous;
}

/** One metric's value per row (a sparkline); rows without it read as zero. */
export const seriesOf = (rows: readonly KpiRow[], key: MetricKey): number[] => rows.map((r) => r[key] ?? 0);
