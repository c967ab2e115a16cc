import { DEFAULT_LIFECYCLE_RULES, lifecycleTimeline, scoreRfm, type LifecycleStage } from '@zhanggui/algorithms';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import type { PipelineStep } from '../../pipeline/pipeline.types.js';
import { countedOrder } from '../analytics/kpi-report.sql.js';
import { dayDate, dayIndex } from './clv.service.js';
import { insertChunked } from './clv.pipeline.js';
import { customerRfm, lifecycleTransitions } from './segments.tables.js';

/** RFM window: the 365 business days ending on the as-of date. */
export const RFM_WINDOW_DAYS = 365;

interface CustomerHistory {
  days: number[];
  /** Counted orders and GMV per purchase day, parallel to `days`. */
  orders: number[];
  gmv: number[];
}

/**
 * `rfm`: every customer's RFM scores over the window, named group and stratum
 * (packages/algorithms/src/segmentation), and lifecycle stage on the as-of date, with the full
 * history of stage changes up to it. Both are functions of the orders alone: the step replaces
 * `customer_rfm` and every transition dated on or before the as-of date, so a re-run (or late
 * orders) gives the same history as if the step had run every day.
 */
export async function runRfm(tx: Tx, asOf: string, timeZone: string, progress: (f: number) => void = () => {}): Promise<{ rows: number; transitions: number }> {
  const day = sql`(o.placed_at at time zone ${timeZone}::text)::date`;
  const end = sql`((${asOf}::date + 1)::timestamp at time zone ${timeZone}::text)`;
  const rows = await queryRows<{ customer_id: number; day: number; orders: number; gmv: number }>(tx, sql`
    select o.customer_id, (${day} - date '1970-01-01') as day, count(*) as orders, sum(o.items_amount) as gmv
    from orders o where o.customer_id is not null and o.placed_at < ${end} and ${countedOrder('o')}
    group by 1, 2 order by 1, 2`);
  const everyone = await queryRows<{ id: number }>(tx, sql`select id from customers where erased_at is null order by id`);
  progress(0.3);
  const histories = new Map<number, CustomerHistory>();
  for (const r of rows) {
    let h = histories.get(r.customer_id);
    if (!h) { h = { days: [], orders: [], gmv: [] }; histories.set(r.customer_id, h); }
    h.days.push(r.day);
    h.orders.push(r.orders);
    h.gmv.push(r.gmv);
  }
  const asOfDay = dayIndex(asOf);
  const windowStart = asOfDay - RFM_WINDOW_DAYS + 1;
  const inputs = everyone.map(({ id }) => {
    const h = histories.get(id);
    let frequency = 0;
    let monetary = 0;
    let last: number | null = null;
    if (h) {
      for (let i = 0; i < h.days.length; i++) {
        if (h.days[i]! >= windowStart) { frequency += h.orders[i]!; monetary += h.gmv[i]!; last = h.days[i]!; }
      }
    }
    return { customerId: String(id), recencyDays: last === null ? null : asOfDay - last, frequency, monetary };
  });
  const scores = scoreRfm(inputs);
  const transitions: { customerId: number; day: string; fromStage: LifecycleStage | null; toStage: LifecycleStage }[] = [];
  const out = everyone.map(({ id }, i) => {
    const h = histories.get(id);
    const timeline = h ? lifecycleTimeline(h.days, asOfDay, DEFAULT_LIFECYCLE_RULES) : [];
    for (const t of timeline) transitions.push({ customerId: id, day: dayDate(t.day), fromStage: t.from, toStage: t.to });
    const s = scores[i]!;
    return {
      customerId: id, asOf, recencyDays: inputs[i]!.recencyDays, frequency: inputs[i]!.frequency, monetary: inputs[i]!.monetary,
      r: s.r, f: s.f, m: s.m, rfmGroup: s.group, stratum: s.stratum,
      lifecycleStage: timeline.length ? timeline[timeline.length - 1]!.to : null,
      lastOrderDay: h ? dayDate(h.days[h.days.length - 1]!) : null,
      totalSpend: h ? h.gmv.reduce((a, b) => a + b, 0) : 0,
    };
  });
  progress(0.6);
  await tx.delete(customerRfm);
  await tx.execute(sql`delete from lifecycle_transitions where day <= ${asOf}::date`);
  await insertChunked(out, 2000, (chunk) => tx.insert(customerRfm).values(chunk));
  await insertChunked(transitions, 5000, (chunk) => tx.insert(lifecycleTransitions).values(chunk));
  progress(1);
  return { rows: out.length, transitions: transitions.length };
}

export const rfmStep: PipelineStep = {
  name: 'rfm',
  description: `RFM quintile scores over ${RFM_WINDOW_DAYS} days, RFM group and stratum, lifecycle stage and its history per customer`,
  dependsOn: [],
  async run({ tx, asOf, timeZone, progress }) {
    const { rows } = await runRfm(tx, asOf, timeZone, progress);
    return { rows };
  },
};
