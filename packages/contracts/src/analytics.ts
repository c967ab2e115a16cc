import { z } from 'zod';
import { isoDate } from './common.js';

/** `total` is one row for the whole range: distinct counts (buyers, ARPPU, repurchase) exact over any span. */
export const kpiGranularity = z.enum(['day', 'week', 'month', 'total']);

/** `zhanggui report kpis` / GET /api/analytics/kpis: periods of [from, to) business days. */
export const kpiReportQuery = z.object({
  from: isoDate,
  to: isoDate,
  granularity: kpiGranularity.default('day'),
  /** A channel code; refunds then count by the order's channel, or the refund's own when unlinked. */
  channel: z.string().min(1).optional(),
});

const minor = z.number().int();

/** One period, every figure as metrics.md defines it; amounts in minor units of `currency`. */
export const kpiRow = z.object({
  /** `2010-12` (month), `2010-12-01` (day), the ISO week's Monday `2010-11-29` (week), or the range's first day (total). */
  period: z.string(),
  orders: z.number().int(),
  gmv: minor,
  paidAmount: minor,
  refunds: minor,
  netSales: minor,
  buyers: z.number().int(),
  newBuyers: z.number().int(),
  /** Buyers with ≥ 2 orders in the period / buyers; null when there are no buyers. */
  repurchaseRate: z.number().nullable(),
  /** GMV / orders rounded to a minor unit; null when there are no orders. */
  aov: minor.nullable(),
  /** GMV / buyers rounded to a minor unit; null when there are no buyers. */
  arppu: minor.nullable(),
}).meta({ id: 'KpiRow' });

export const kpiReportResponse = z.object({
  currency: z.string().length(3),
  rows: z.array(kpiRow),
}).meta({ id: 'KpiReport' });

export type KpiGranularity = z.infer<typeof kpiGranularity>;
export type KpiReportQuery = z.input<typeof kpiReportQuery>;
export type KpiRow = z.infer<typeof kpiRow>;
export type KpiReport = z.infer<typeof kpiReportResponse>;
