import { DEVICELESS_METRICS, type GoalMetric } from '@zhanggui/contracts';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { countedOrder } from './kpi-report.sql.js';
import { overviewTotals, overviewTotalsFromFacts } from './overview.js';
import { perUnit, rangeContext, ratio, type RangeContext } from './read-model.js';

/** Where a goal or alert rule looks: the whole store, one channel, one device, or a channel's device. */
export interface MetricScope {
  channel?: string | undefined;
  device?: string | undefined;
}

/** A device-scoped goal or rule must use a metric with a device split (marketing spend has none). */
export function checkDeviceScope(metric: GoalMetric, device: string | undefined): void {
  if (device !== undefined && (DEVICELESS_METRICS as readonly string[]).includes(metric)) {
    throw new AppError('validation_failed', `device: ${metric} has no device split (marketing spend is recorded per channel); leave device empty for it`, { field: 'device' });
  }
}

/**
 * The value of a goal / alert metric over [from, to), for the store, one channel and/or one device;
 * null when undefined (a zero divisor). Store and channel figures come from the read model (the
 * rollups up to their watermark, the facts after it); with `facts`, from the facts only — what an
 * evaluation right after an import needs, as the import may have written days the rollups hold.
 * Device figures always come from the facts.
 */
export async function metricValue(db: Tx, metric: GoalMetric, scope: MetricScope, from: string, to: string, opts: { facts?: boolean } = {}): Promise<number | null> {
  const { channel, device } = scope;
  const r = await rangeContext(db, from, to, channel);
  if (device !== undefined) {
    checkDeviceScope(metric, device);
    return (await deviceTotals(db, r, device))[metric as keyof DeviceTotals] ?? null;
  }
  if (metric === 'cpc') {
    const [row] = await queryRows<{ spend: number; clicks: number }>(db, sql`select coalesce(sum(spend), 0)::int8 as spend, coalesce(sum(clicks), 0)::int8 as clicks
      from marketing_spend where day >= ${from}::date and day < ${to}::date and (${r.channelId}::int8 is null or channel_id = ${r.channelId}::int8)`);
    return perUnit(row!.spend, row!.clicks);
  }
  const t = opts.facts ? await overviewTotalsFromFacts(db, r, channel) : await overviewTotals(db, r, channel);
  return t[metric];
}

type DeviceTotals = Record<Exclude<GoalMetric, (typeof DEVICELESS_METRICS)[number]>, number | null>;

interface DeviceRow { orders: number; gmv: number; paid: number; buyers: number; repeat_buyers: number; new_buyers: number; cogs: number; refunds: number; refund_cost: number; visitors: number; converted: number }

/**
 * metrics.md over the orders placed on one device (and channel), the refunds of those orders
 * (an unlinked refund has no device and counts in no device) and the sessions on that device.
 * A new buyer is a buyer on the device with no counting order anywhere before the range, as
 * the channel scope of the KPI report counts them.
 */
async function deviceTotalsRow(db: Tx, r: RangeContext, device: string): Promise<DeviceRow> {
  const ch = r.channelId;
  const [row] = await queryRows<DeviceRow>(db, sql`
    with o as (
      select o.id, o.customer_id, o.items_amount, o.discount_amount from orders o
      where o.placed_at >= ${r.lo} and o.placed_at < ${r.hi} and o.device = ${device} and ${countedOrder('o')}
        and (${ch}::int8 is null or o.channel_id = ${ch}::int8)),
    b as (select customer_id, count(*) as n from o where customer_id is not null group by customer_id)
    select
      (select count(*) from o)::int8 as orders,
      (select coalesce(sum(items_amount), 0) from o)::int8 as gmv,
      (select coalesce(sum(items_amount - discount_amount), 0) from o)::int8 as paid,
      (select count(*) from b)::int8 as buyers,
      (select count(*) from b where n >= 2)::int8 as repeat_buyers,
      (select count(*) from b where not exists (select 1 from orders e where e.customer_id = b.customer_id and e.placed_at < ${r.lo} and ${countedOrder('e')}))::int8 as new_buyers,
      (select coalesce(sum(l.quantity::int8 * coalesce(l.unit_cost, 0)), 0) from o join order_lines l on l.order_id = o.id and l.quantity > 0)::int8 as cogs,
      (select coalesce(sum(rf.amount), 0) from refunds rf join orders ro on ro.id = rf.order_id
        where rf.refunded_at >= ${r.lo} and rf.refunded_at < ${r.hi} and ro.device = ${device} and (${ch}::int8 is null or ro.channel_id = ${ch}::int8))::int8 as refunds,
      (select coalesce(sum(coalesce(rf.cost_amount, 0)), 0) from refunds rf join orders ro on ro.id = rf.order_id
        where rf.refunded_at >= ${r.lo} and rf.refunded_at < ${r.hi} and ro.device = ${device} and (${ch}::int8 is null or ro.channel_id = ${ch}::int8))::int8 as refund_cost,
      (select count(distinct s.visitor_id) from traffic_sessions s
        where s.started_at >= ${r.lo} and s.started_at < ${r.hi} and s.device = ${device} and (${ch}::int8 is null or s.channel_id = ${ch}::int8))::int8 as visitors,
      (select count(distinct s.visitor_id) from traffic_sessions s
        where s.started_at >= ${r.lo} and s.started_at < ${r.hi} and s.device = ${device} and (${ch}::int8 is null or s.channel_id = ${ch}::int8)
          and s.order_id is not null and exists (select 1 from orders co where co.id = s.order_id and ${countedOrder('co')}))::int8 as converted`);
  return row!;
}

async function deviceTotals(db: Tx, r: RangeContext, device: string): Promise<DeviceTotals> {
  const x = await deviceTotalsRow(db, r, device);
  return {
    orders: x.orders, gmv: x.gmv, paidAmount: x.paid, refunds: x.refunds, netSales: x.paid - x.refunds,
    buyers: x.buyers, newBuyers: x.new_buyers, aov: perUnit(x.gmv, x.orders), arppu: perUnit(x.gmv, x.buyers), repurchaseRate: ratio(x.repeat_buyers, x.buyers),
    visitors: x.visitors, conversionRate: ratio(x.converted, x.visitors), refundRate: ratio(x.refunds, x.paid),
    grossMargin: x.paid - x.cogs - x.refunds + x.refund_cost,
  };
}
