import {
  buildCustomerSummary, churnRiskBand, customerLifetimeValue, fitBgNbd, fitGammaGamma,
  type BgNbdFit, type CustomerSummary, type GammaGammaFit,
} from '@zhanggui/algorithms';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { addDays } from '../../lib/business-date.js';
import { countedOrder } from '../analytics/kpi-report.sql.js';
import { getStoreSettings } from '../store/index.js';

export const TIME_UNITS = { week: 7, day: 1 } as const;
export type TimeUnit = keyof typeof TIME_UNITS;

/** Day index (days since 1970-01-01) of a YYYY-MM-DD date, and back. */
export const dayIndex = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
export const dayDate = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/** Minor units per major unit of a currency (100 for CNY, 1 for JPY). */
export function minorPerMajor(currency: string): number {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return 10 ** digits;
}

export interface ClvData {
  calibrationEnd: string;
  unitDays: number;
  /** The customers' database ids and external ids, in summary order. */
  customerIds: number[];
  externalIds: string[];
  /** x, t_x, T in model units; zbar and firstAmount in major currency units. */
  summary: CustomerSummary;
  minorPerMajor: number;
  /** Store-wide gross margin share of GMV over the period, null when no line has a cost. */
  marginRatio: number | null;
}

/**
 * The BTYD summary of every customer with a counted order (docs/metrics.md) on or before the
 * calibration end: one purchase per customer per business day (same-day orders merged, their
 * GMV added), the first purchase day is not a repeat, T from the first purchase to the end.
 * Default calibration end: the business day of the latest counted order.
 */
export async function loadClvData(tx: Tx, opts: { calibrationEnd?: string | undefined; unitDays?: number }): Promise<ClvData> {
  const { timeZone, currency } = await getStoreSettings(tx);
  const day = sql`(o.placed_at at time zone ${timeZone}::text)::date`;
  let calibrationEnd = opts.calibrationEnd;
  if (!calibrationEnd) {
    const [last] = await queryRows<{ d: string | null }>(tx, sql`select max(${day})::text as d from orders o where ${countedOrder('o')} and o.customer_id is not null`);
    if (!last?.d) throw new AppError('bad_request', 'No customer has a counted order: nothing to fit');
    calibrationEnd = last.d;
  }
  const end = sql`((${calibrationEnd}::date + 1)::timestamp at time zone ${timeZone}::text)`;
  const rows = await queryRows<{ customer_id: number; ext: string; day: number; amount: number }>(tx, sql`
    select o.customer_id, coalesce(c.external_id, o.customer_id::text) as ext, (${day} - date '1970-01-01') as day, sum(o.items_amount) as amount
    from orders o join customers c on c.id = o.customer_id
    where o.placed_at < ${end} and ${countedOrder('o')}
    group by o.customer_id, c.external_id, 3
    order by o.customer_id, 3`);
  const [costs] = await queryRows<{ gmv: number | null; cogs: number | null }>(tx, sql`
    select sum(l.quantity::int8 * l.unit_price) as gmv, sum(l.quantity::int8 * l.unit_cost) as cogs
    from orders o join order_lines l on l.order_id = o.id and l.quantity > 0 and l.unit_cost is not null
    where o.placed_at < ${end} and o.customer_id is not null and ${countedOrder('o')}`);
  const scale = minorPerMajor(currency);
  const unitDays = opts.unitDays ?? TIME_UNITS.week;
  const summary = buildCustomerSummary(
    rows.map((r) => ({ customerId: String(r.customer_id), day: r.day, amount: r.amount / scale })),
    { calibrationEndDay: dayIndex(calibrationEnd), unitDays },
  );
  const ext = new Map(rows.map((r) => [String(r.customer_id), r.ext]));
  return {
    calibrationEnd, unitDays, minorPerMajor: scale, summary,
    customerIds: summary.customerIds.map(Number),
    externalIds: summary.customerIds.map((id) => ext.get(id)!),
    marginRatio: costs?.gmv ? 1 - (costs.cogs ?? 0) / costs.gmv : null,
  };
}

export interface ClvModel {
  bgnbd: BgNbdFit;
  /** Null when fewer than two customers have a repeat purchase with a positive amount. */
  gammaGamma: GammaGammaFit | null;
  customers: number;
  repeatCustomers: number;
}

/** BG/NBD on every customer, Gamma-Gamma on the repeat customers (x > 0, mean repeat spend > 0). */
export function fitClvModel(data: ClvData): ClvModel {
  const { summary } = data;
  if (summary.x.length === 0) throw new AppError('bad_request', `No customer bought on or before ${data.calibrationEnd}: nothing to fit`);
  const bgnbd = fitBgNbd(summary);
  const rx: number[] = [];
  const rz: number[] = [];
  for (let i = 0; i < summary.x.length; i++) {
    if (summary.x[i]! > 0 && summary.zbar[i]! > 0) { rx.push(summary.x[i]!); rz.push(summary.zbar[i]!); }
  }
  const gammaGamma = rx.length >= 2 ? fitGammaGamma({ x: rx, zbar: rz }) : null;
  return { bgnbd, gammaGamma, customers: summary.x.length, repeatCustomers: rx.length };
}

export interface CustomerClvScore {
  customerId: number;
  externalId: string;
  x: number;
  tx: number;
  T: number;
  pAlive: number;
  expectedPurchases: number;
  /** Minor units. */
  expectedSpend: number;
  clvGmv: number;
  clvMargin: number | null;
  churnRisk: ReturnType<typeof churnRiskBand>;
  expectedNextOrder: string | null;
}

/**
 * Per-customer expectations over `horizonDays` after the calibration end. Expected spend is the
 * Gamma-Gamma conditional mean (the population mean when the spend model could not be fitted:
 * the mean repeat amount); CLV = expected purchases × expected spend (GMV), × the margin share
 * for margin. Expected next order: calibration end + (α+T)/(r+x) units — one inter-purchase time
 * at the posterior mean purchase rate — for customers with P(alive) ≥ 0.5, else none.
 */
export function scoreClv(data: ClvData, model: ClvModel, horizonDays: number): CustomerClvScore[] {
  const { summary, unitDays, minorPerMajor: scale } = data;
  const n = summary.x.length;
  const horizon = horizonDays / unitDays;
  let spend: Float64Array;
  let result: { pAlive: Float64Array; expectedPurchases: Float64Array; clv: Float64Array };
  if (model.gammaGamma && model.gammaGamma.q > 1) {
    const r = customerLifetimeValue(summary, { bgNbd: model.bgnbd, gammaGamma: model.gammaGamma, horizon });
    spend = r.expectedSpend;
    result = r;
  } else {
    let sum = 0;
    let count = 0;
    for (let i = 0; i < n; i++) if (summary.x[i]! > 0) { sum += summary.zbar[i]!; count++; }
    const mean = count > 0 ? sum / count : summary.firstAmount.reduce((a, b) => a + b, 0) / n;
    spend = new Float64Array(n).fill(mean);
    const r = customerLifetimeValue(summary, { bgNbd: model.bgnbd, gammaGamma: { p: 1, q: 2, gamma: mean }, horizon });
    const clv = new Float64Array(n);
    for (let i = 0; i < n; i++) clv[i] = r.expectedPurchases[i]! * mean;
    result = { pAlive: r.pAlive, expectedPurchases: r.expectedPurchases, clv };
  }
  const { r, alpha } = model.bgnbd;
  const out: CustomerClvScore[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const pAlive = result.pAlive[i]!;
    const gmv = Math.round(result.clv[i]! * scale);
    const nextUnits = (alpha + summary.T[i]!) / (r + summary.x[i]!);
    out[i] = {
      customerId: data.customerIds[i]!, externalId: data.externalIds[i]!,
      x: summary.x[i]!, tx: summary.tx[i]!, T: summary.T[i]!,
      pAlive, expectedPurchases: result.expectedPurchases[i]!,
      expectedSpend: Math.round(spend[i]! * scale), clvGmv: gmv,
      clvMargin: data.marginRatio === null ? null : Math.round(gmv * data.marginRatio),
      churnRisk: churnRiskBand(Math.min(1, Math.max(0, pAlive))),
      expectedNextOrder: pAlive >= 0.5 ? addDays(data.calibrationEnd, Math.max(1, Math.ceil(nextUnits * unitDays))) : null,
    };
  }
  return out;
}
