import type { SegmentCondition, SegmentRule } from '@zhanggui/contracts';
import { sql, type SQL } from 'drizzle-orm';
import { countedOrder } from '../analytics/kpi-report.sql.js';

const MAX_DEPTH = 5;

const range = (col: SQL, min: number | undefined, max: number | undefined): SQL => {
  const parts: SQL[] = [];
  if (min !== undefined) parts.push(sql`${col} >= ${min}`);
  if (max !== undefined) parts.push(sql`${col} <= ${max}`);
  return parts.length ? sql.join(parts, sql` and `) : sql`${col} is not null`;
};
const textIn = (col: SQL, values: readonly string[]) => sql`${col} in (${sql.join(values.map((v) => sql`${v}`), sql`, `)})`;

/**
 * One condition as SQL over the aliases of segmentBaseSql: c (customers), r (customer_rfm),
 * s (the latest CLV scores), t (customer_tiers). `day` is the evaluation day.
 */
function condition(c: SegmentCondition, day: string, lowestTier: string): SQL {
  switch (c.field) {
    case 'rfmGroup': return sql`coalesce(r.rfm_group, 'prospects') in (${sql.join(c.in.map((v) => sql`${v}`), sql`, `)})`;
    case 'stratum': return sql`coalesce(r.stratum, 'basic') in (${sql.join(c.in.map((v) => sql`${v}`), sql`, `)})`;
    case 'lifecycle': return textIn(sql`r.lifecycle_stage`, c.in);
    case 'churnRisk': return textIn(sql`s.churn_risk`, c.in);
    case 'tier': return textIn(sql`coalesce(t.tier, ${lowestTier}::text)`, c.in);
    case 'region': return textIn(sql`c.region`, c.in);
    case 'clv': return range(sql`s.clv_gmv`, c.min, c.max);
    case 'totalSpend': return range(sql`coalesce(r.total_spend, 0)`, c.min, c.max);
    case 'lastOrderDays': return range(sql`(${day}::date - r.last_order_day)`, c.min, c.max);
    case 'consentMarketing': return sql`c.consent_marketing = ${c.is}`;
    case 'channel': return sql`exists (select 1 from orders o join channels ch on ch.id = o.channel_id
      where o.customer_id = c.id and ${countedOrder('o')} and ${textIn(sql`ch.code`, c.in)})`;
    case 'productBought': return sql`exists (select 1 from orders o join order_lines l on l.order_id = o.id and l.quantity > 0 join skus k on k.id = l.sku_id
      where o.customer_id = c.id and ${countedOrder('o')} and ${textIn(sql`k.code`, c.in)})`;
  }
}

/** The rule tree as one SQL predicate; AND / OR groups nest up to 5 deep. */
export function ruleSql(rule: SegmentRule, day: string, lowestTier: string, depth = 0): SQL {
  if ('op' in rule) {
    if (depth >= MAX_DEPTH) throw new RangeError(`segment rule: groups nest at most ${MAX_DEPTH} deep`);
    const parts = rule.rules.map((r) => sql`(${ruleSql(r, day, lowestTier, depth + 1)})`);
    return sql.join(parts, rule.op === 'and' ? sql` and ` : sql` or `);
  }
  return condition(rule, day, lowestTier);
}

/** `select c.id ... where <rule>` over every customer not erased, with the derived data joined. */
export function segmentMembersSql(rule: SegmentRule, day: string, lowestTier: string): SQL {
  return sql`
    select c.id from customers c
    left join customer_rfm r on r.customer_id = c.id
    left join customer_tiers t on t.customer_id = c.id
    left join customer_clv_scores s on s.customer_id = c.id and s.fit_id = (select id from clv_fits order by calibration_end desc limit 1)
    where c.erased_at is null and (${ruleSql(rule, day, lowestTier)})`;
}
