import type { GoalMetric } from '@zhanggui/contracts';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { overviewTotals } from './overview.js';
import { perUnit, rangeContext } from './read-model.js';

/** The value of a goal / alert metric over [from, to), for the store or one channel; null when undefined (a zero divisor). */
export async function metricValue(db: Tx, metric: GoalMetric, channel: string | undefined, from: string, to: string): Promise<number | null> {
  const r = await rangeContext(db, from, to, channel);
  if (metric === 'cpc') {
    const [row] = await queryRows<{ spend: number; clicks: number }>(db, sql`select coalesce(sum(spend), 0)::int8 as spend, coalesce(sum(clicks), 0)::int8 as clicks
      from marketing_spend where day >= ${from}::date and day < ${to}::date and (${r.channelId}::int8 is null or channel_id = ${r.channelId}::int8)`);
    return perUnit(row!.spend, row!.clicks);
  }
  const t = await overviewTotals(db, r, channel);
  return t[metric];
}
