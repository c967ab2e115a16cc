// Sources for risk indicators: built-in ones computed from the store's own facts, and
// `alert_rule:<id>`, the open alerts of an analytics alert rule (read through the analytics
// module's index). A source is a key, a description and a function of (db, as-of date, window,
// time zone); indicators reference it by key (sourceFor resolves both kinds).
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { listAlertRules, listAlerts } from '../analytics/index.js';

export interface IndicatorSource {
  description: string;
  compute(db: Tx, q: { asOf: string; windowDays: number; timeZone: string }): Promise<number | null>;
}

const dayStart = (d: SQL, tz: string) => sql`((${d})::timestamp at time zone ${tz}::text)`;
const asOfEnd = (asOf: string, tz: string) => dayStart(sql`${asOf}::date + 1`, tz);
const windowStart = (asOf: string, days: number, tz: string) => dayStart(sql`${asOf}::date + 1 - ${days}::int`, tz);
const one = async (db: Tx, q: SQL) => {
  const [r] = await queryRows<{ v: number | string | null }>(db, q);
  return r?.v === null || r?.v === undefined ? null : Number(r.v);
};

/** Percentage change of a daily series: the as-of day against the mean of the `windowDays` days before it. */
const changePct = (db: Tx, perDay: (from: SQL, to: SQL) => SQL, asOf: string, days: number, tz: string) => one(db, sql`
  with last as (select (${perDay(windowStart(asOf, 1, tz), asOfEnd(asOf, tz))})::float8 as v),
       base as (select (${perDay(windowStart(asOf, days + 1, tz), windowStart(asOf, 1, tz))})::float8 / ${days} as v)
  select case when base.v > 0 then round(((last.v - base.v) / base.v * 100)::numeric, 2) end as v from last, base`);

export const INDICATOR_SOURCES: Record<string, IndicatorSource> = {
  refund_rate_pct: {
    description: 'refunds / paid amount over the window, %',
    compute: (db, { asOf, windowDays, timeZone }) => one(db, sql`
      select case when p.v > 0 then round((r.v::numeric / p.v * 100), 2) end as v
      from (select coalesce(sum(amount), 0) as v from refunds where refunded_at >= ${windowStart(asOf, windowDays, timeZone)} and refunded_at < ${asOfEnd(asOf, timeZone)}) r,
           (select coalesce(sum(payable_amount), 0) as v from orders where placed_at >= ${windowStart(asOf, windowDays, timeZone)} and placed_at < ${asOfEnd(asOf, timeZone)} and status <> 'cancelled') p`),
  },
  orders_change_pct: {
    description: 'orders on the as-of day vs the daily mean of the window before it, % (a drop is negative)',
    compute: (db, { asOf, windowDays, timeZone }) => changePct(db, (f, t) => sql`select count(*) from orders where placed_at >= ${f} and placed_at < ${t} and status <> 'cancelled'`, asOf, windowDays, timeZone),
  },
  avg_price_change_pct: {
    description: 'average selling price per unit on the as-of day vs the window before it, % (price drops)',
    compute: (db, { asOf, windowDays, timeZone }) => one(db, sql`
      with l as (select sum(l.quantity * l.unit_price)::float8 / nullif(sum(l.quantity), 0) as v from order_lines l join orders o on o.id = l.order_id
                 where o.placed_at >= ${windowStart(asOf, 1, timeZone)} and o.placed_at < ${asOfEnd(asOf, timeZone)} and l.quantity > 0),
           b as (select sum(l.quantity * l.unit_price)::float8 / nullif(sum(l.quantity), 0) as v from order_lines l join orders o on o.id = l.order_id
                 where o.placed_at >= ${windowStart(asOf, windowDays + 1, timeZone)} and o.placed_at < ${windowStart(asOf, 1, timeZone)} and l.quantity > 0)
      select case when b.v > 0 then round(((l.v - b.v) / b.v * 100)::numeric, 2) end as v from l, b`),
  },
  traffic_change_pct: {
    description: 'visitors on the as-of day vs the daily mean of the window before it, % (traffic anomalies)',
    compute: (db, { asOf, windowDays, timeZone }) => changePct(db, (f, t) => sql`select count(distinct visitor_id) from traffic_sessions where started_at >= ${f} and started_at < ${t}`, asOf, windowDays, timeZone),
  },
  stockout_skus: {
    description: 'active SKUs with nothing available in any warehouse (stockout risk), now',
    compute: (db) => one(db, sql`
      select count(*) as v from skus s where s.active and not exists (
        select 1 from stock_levels sl where sl.sku_id = s.id and sl.on_hand - sl.reserved - sl.safety_buffer > 0)`),
  },
  supplier_lead_time_days: {
    description: 'mean lead time (days) over the primary suppliers of active SKUs (supplier slips)',
    compute: (db) => one(db, sql`select round(avg(ss.lead_time_days)::numeric, 2) as v from sku_suppliers ss join skus s on s.id = ss.sku_id where s.active and ss.is_primary`),
  },
};

export const breaches = (value: number, comparator: string, threshold: number) =>
  comparator === '>' ? value > threshold : comparator === '>=' ? value >= threshold : comparator === '<' ? value < threshold : value <= threshold;

/** Indicator metric keys of the form `alert_rule:<id>` bind an indicator to an analytics alert rule. */
const ALERT_RULE_KEY = /^alert_rule:(\d+)$/;

export const alertRuleIdOf = (metric: string): number | null => {
  const m = ALERT_RULE_KEY.exec(metric);
  return m ? Number(m[1]) : null;
};

/** Shift an ISO date by whole days (UTC arithmetic on a calendar date). */
const shiftDate = (d: string, days: number) => new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The open (not acknowledged) alerts of one analytics alert rule whose business day falls in the
 * window ending on the as-of date (`windowDays` days; alerts without a day count when open).
 * Acknowledging the alert in analytics clears it here.
 */
export const alertRuleSource = (ruleId: number): IndicatorSource => ({
  description: `open alerts of analytics alert rule ${ruleId} in the window`,
  async compute(db, { asOf, windowDays }) {
    const from = shiftDate(asOf, 1 - windowDays);
    const open = (await listAlerts(db, 'open')).filter((a) => a.ruleId === ruleId && (a.day === null || (a.day >= from && a.day <= asOf)));
    return open.length;
  },
});

/** The source of an indicator metric: a built-in key or `alert_rule:<id>` (undefined when unknown). */
export function sourceFor(metric: string): IndicatorSource | undefined {
  const ruleId = alertRuleIdOf(metric);
  if (ruleId !== null) return alertRuleSource(ruleId);
  return Object.hasOwn(INDICATOR_SOURCES, metric) ? INDICATOR_SOURCES[metric] : undefined;
}

/** Whether an `alert_rule:<id>` metric names an existing rule. */
export async function alertRuleExists(db: Tx, ruleId: number): Promise<boolean> {
  return (await listAlertRules(db)).some((r) => r.id === ruleId);
}

/** Every source an indicator can use now: the built-in keys, then one `alert_rule:<id>` per analytics alert rule. */
export async function listSources(db: Tx): Promise<{ key: string; description: string }[]> {
  const rules = (await listAlertRules(db)).map((r) => ({ key: `alert_rule:${r.id}`, description: `open alerts of the analytics alert rule "${r.name}" (${r.metric}) in the window` }));
  return [...Object.entries(INDICATOR_SOURCES).map(([key, x]) => ({ key, description: x.description })), ...rules];
}
