import { sql } from 'drizzle-orm';
import { insertUnnest } from '../../db/bulk.js';
import { queryRows, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { lowerRollupWatermarkFrom } from '../analytics/rollups.watermark.js';

async function channelIds(db: Tx, codes: readonly string[]): Promise<Map<string, number>> {
  const rows = await queryRows<{ id: number; code: string }>(db, sql`select id, code from channels where code = any(${sql.param([...new Set(codes)])}::text[])`);
  const ids = new Map(rows.map((r) => [r.code, r.id]));
  for (const c of codes) if (!ids.has(c)) throw new AppError('not_found', `channel: no channel with code '${c}'`, { field: 'channel' });
  return ids;
}

export interface CampaignInput { channel: string; name: string; startsOn: string; endsOn?: string; objective?: string; budget?: number; externalId?: string }

/** Add a campaign on a channel; returns its id. */
export async function createCampaign(db: Tx, c: CampaignInput): Promise<number> {
  const ids = await channelIds(db, [c.channel]);
  const [row] = await queryRows<{ id: number }>(db, sql`insert into campaigns (external_id, channel_id, name, objective, starts_on, ends_on, budget)
    values (${c.externalId ?? null}, ${ids.get(c.channel)!}, ${c.name}, ${c.objective ?? null}, ${c.startsOn}::date, ${c.endsOn ?? null}::date, ${c.budget ?? null}) returning id`);
  return row!.id;
}

export interface SpendInput { channel: string; campaignId?: number | null; day: string; impressions: number; clicks: number; spend: number }

/** Record daily spend (amounts in minor units); a (channel, campaign, day) already recorded is replaced. */
export async function recordSpend(db: Tx, rows: readonly SpendInput[]): Promise<number> {
  if (rows.length === 0) return 0;
  const ids = await channelIds(db, rows.map((r) => r.channel));
  for (const r of rows) {
    if (![r.impressions, r.clicks, r.spend].every((v) => Number.isInteger(v) && v >= 0)) throw new AppError('validation_failed', `spend: impressions, clicks and spend must be non-negative integers (${r.channel} ${r.day})`);
  }
  await insertUnnest(db, 'marketing_spend', [
    { name: 'channel_id', type: 'int8' }, { name: 'campaign_id', type: 'int8' }, { name: 'day', type: 'date' },
    { name: 'impressions', type: 'int4' }, { name: 'clicks', type: 'int4' }, { name: 'spend', type: 'int8' },
  ], [rows.map((r) => ids.get(r.channel)), rows.map((r) => r.campaignId ?? null), rows.map((r) => r.day), rows.map((r) => r.impressions), rows.map((r) => r.clicks), rows.map((r) => r.spend)],
  sql`on conflict (channel_id, coalesce(campaign_id, 0), day) do update set impressions = excluded.impressions, clicks = excluded.clicks, spend = excluded.spend`);
  return rows.length;
}

export interface SessionInput {
  visitor: string; customerId?: number | null; channel: string; campaignId?: number | null; device: string; startedAt: string;
  pageViews: number; productViews: number; addToCarts: number; checkouts: number; orderId?: number | null; externalId?: string;
}

/** Record traffic sessions with their funnel counters. */
export async function recordSessions(db: Tx, rows: readonly SessionInput[]): Promise<number> {
  if (rows.length === 0) return 0;
  const ids = await channelIds(db, rows.map((r) => r.channel));
  const col = <K extends keyof SessionInput>(k: K) => rows.map((r) => r[k] ?? null);
  return db.transaction(async (tx) => {
    await insertUnnest(tx, 'traffic_sessions', [
      { name: 'external_id', type: 'text' }, { name: 'visitor_id', type: 'text' }, { name: 'customer_id', type: 'int8' }, { name: 'channel_id', type: 'int8' },
      { name: 'campaign_id', type: 'int8' }, { name: 'device', type: 'text' }, { name: 'started_at', type: 'timestamptz' }, { name: 'page_views', type: 'int4' },
      { name: 'product_views', type: 'int4' }, { name: 'add_to_carts', type: 'int4' }, { name: 'checkouts', type: 'int4' }, { name: 'order_id', type: 'int8' },
    ], [col('externalId'), col('visitor'), col('customerId'), rows.map((r) => ids.get(r.channel)), col('campaignId'), col('device'), col('startedAt'),
      col('pageViews'), col('productViews'), col('addToCarts'), col('checkouts'), col('orderId')]);
    // Sessions of an earlier day change its rolled-up visitors (and the attribution of the orders they link).
    const linked = rows.flatMap((r) => (r.orderId == null ? [] : [r.orderId]));
    await lowerRollupWatermarkFrom(tx, sql`least((select min(t::timestamptz) from unnest(${sql.param(rows.map((r) => r.startedAt))}::text[]) t),
      (select min(placed_at) from orders where id = any(${sql.param(linked)}::int8[])))`);
    return rows.length;
  });
}
