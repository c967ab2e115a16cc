import type { GoalMetric } from '@zhanggui/contracts';
import type { Formatters } from '../../i18n/format';

export type Kind = 'money' | 'rate' | 'ratio' | 'count';
export const METRIC_KIND: Record<GoalMetric, Kind> = {
  gmv: 'money', paidAmount: 'money', netSales: 'money', aov: 'money', arppu: 'money', refunds: 'money', grossMargin: 'money', spend: 'money', cpc: 'money',
  repurchaseRate: 'rate', conversionRate: 'rate', refundRate: 'rate', roi: 'ratio', orders: 'count', buyers: 'count', newBuyers: 'count', visitors: 'count',
};

/** A metric value as shown: money from minor units, rates as percentages, ROI with two decimals. */
export function formatMetric(fmt: Formatters, kind: Kind, v: number | null, currency = 'CNY'): string {
  if (v === null) return '—';
  if (kind === 'money') return fmt.money(Math.round(v), currency);
  if (kind === 'rate') return fmt.percent(v);
  if (kind === 'ratio') return fmt.number(Math.round(v * 100) / 100);
  return fmt.number(Math.round(v * 100) / 100);
}

/** What a user types for a target (yuan, percent) to the API's unit (minor units, ratio). */
export function targetFromInput(kind: Kind, typed: number): number {
  if (kind === 'money') return Math.round(typed * 100);
  if (kind === 'rate') return typed / 100;
  return typed;
}
