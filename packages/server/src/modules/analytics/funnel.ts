import { FUNNEL_STEPS, funnelQuery, type Funnel, type FunnelQuery, type FunnelStepName } from '@zhanggui/contracts';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { countedOrder } from './kpi-report.sql.js';
import { parseQuery, ratio, rangeContext } from './read-model.js';
import { distinctSql, rollupWatermark, span } from './rollups.js';
import { LEVEL } from './rollups.sql.js';

interface Row { key: string; name: string; visitors: number; viewers: number; carts: number; checkouts: number; paid: number }

/**
 * Step conversion, drop-off and the biggest drop of one funnel from its step counts. A session
 * that reached a later step reached the earlier ones, so the counts never rise along the funnel.
 */
export function funnelSteps(counts: readonly number[]): { steps: Funnel['groups'][number]['steps']; biggestDrop: FunnelStepName | null } {
  const steps = FUNNEL_STEPS.map((step, i) => ({
    step,
    visitors: counts[i]!,
    stepConversion: i === 0 ? (counts[0]! > 0 ? 1 : null) : ratio(counts[i]!, counts[i - 1]!),
    overallConversion: ratio(counts[i]!, counts[0]!),
    dropOff: i === 0 ? 0 : counts[i - 1]! - counts[i]!,
  }));
  let biggestDrop: FunnelStepName | null = null;
  let lowest = Infinity;
  for (const s of steps.slice(1)) {
    if (s.stepConversion !== null && s.stepConversion < lowest) {
      lowest = s.stepConversion;
      biggestDrop = s.step;
    }
  }
  return { steps, biggestDrop };
}

/**
 * 交易漏斗 over the sessions started in [from, to): visitors → product viewers → add-to-cart →
 * checkout → paid, each step the distinct visitors with a session that reached it (metrics.md),
 * overall or per channel or device — the days up to the rollups' watermark from the rollups, the
 * rest from the facts (docs/analytics.md "Speed").
 */
export async function funnelReport(db: Tx, query: FunnelQuery): Promise<Funnel> {
  const q = parseQuery(funnelQuery, query);
  const r = await rangeContext(db, q.from, q.to, q.channel);
  const p = span(q.from, q.to, await rollupWatermark(db), r.timeZone, r.channelId);
  const by = q.by === 'none' ? 'all' : q.by;
  const levels = [LEVEL.visitors, LEVEL.productViewers, LEVEL.addToCart, LEVEL.checkout, LEVEL.paid];
  const key = q.by === 'channel' ? sql`c.code` : sql`dd.key`;
  const rows = await queryRows<Row>(db, sql`
    with d as (${distinctSql(p, by, levels)}),
    dd as (select key, ${sql.join(levels.map((l, i) => sql`coalesce(sum(n) filter (where level = ${l}), 0)::int8 as ${sql.identifier(`s${i}`)}`), sql`, `)}
      from d group by key)
    select ${key} as key, ${q.by === 'channel' ? sql`c.name` : key} as name, s0 as visitors, s1 as viewers, s2 as carts, s3 as checkouts, s4 as paid
    from dd ${q.by === 'channel' ? sql`join channels c on c.id::text = dd.key` : sql``}
    where s0 > 0
    order by visitors desc, ${key}`);
  const groups = rows.map((x) => ({ key: x.key, name: x.name, ...funnelSteps([x.visitors, x.viewers, x.carts, x.checkouts, x.paid]) }));
  if (q.by === 'none' && groups.length === 0) groups.push({ key: 'all', name: 'all', ...funnelSteps([0, 0, 0, 0, 0]) });
  return { range: { from: q.from, to: q.to }, groups };
}

/** The funnel straight from the sessions (the reference for {@link funnelReport}: tests compare the two, the bench times both). */
export async function funnelFromFacts(db: Tx, query: FunnelQuery): Promise<Funnel> {
  const q = parseQuery(funnelQuery, query);
  const r = await rangeContext(db, q.from, q.to, q.channel);
  const ch = r.channelId;
  const key = q.by === 'channel' ? sql`c.code` : q.by === 'device' ? sql`s.device` : sql`'all'`;
  const name = q.by === 'channel' ? sql`min(c.name)` : q.by === 'device' ? sql`s.device` : sql`'all'`;
  const rows = await queryRows<Row>(db, sql`
    select ${key} as key, ${name} as name,
      count(distinct s.visitor_id)::int8 as visitors,
      count(distinct s.visitor_id) filter (where s.product_views > 0 or s.add_to_carts > 0 or s.checkouts > 0 or s.order_id is not null)::int8 as viewers,
      count(distinct s.visitor_id) filter (where s.add_to_carts > 0 or s.checkouts > 0 or s.order_id is not null)::int8 as carts,
      count(distinct s.visitor_id) filter (where s.checkouts > 0 or s.order_id is not null)::int8 as checkouts,
      count(distinct s.visitor_id) filter (where s.order_id is not null
        and exists (select 1 from orders o where o.id = s.order_id and o.paid_at is not null and ${countedOrder('o')}))::int8 as paid
    from traffic_sessions s join channels c on c.id = s.channel_id
    where s.started_at >= ${r.lo} and s.started_at < ${r.hi} and (${ch}::int8 is null or s.channel_id = ${ch}::int8)
    group by 1
    order by visitors desc, key`);
  const groups = rows.map((x) => ({ key: x.key, name: x.name, ...funnelSteps([x.visitors, x.viewers, x.carts, x.checkouts, x.paid]) }));
  if (q.by === 'none' && groups.length === 0) groups.push({ key: 'all', name: 'all', ...funnelSteps([0, 0, 0, 0, 0]) });
  return { range: { from: q.from, to: q.to }, groups };
}
