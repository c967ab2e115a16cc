import { stageHistory, assessStage } from '@zhanggui/algorithms';
import { sql } from 'drizzle-orm';
import { insertUnnest } from '../../db/bulk.js';
import { queryRows, type Tx } from '../../db/client.js';
import type { PipelineStep } from '../../pipeline/pipeline.types.js';
import { HISTORY_PERIODS, loadDemandHistories, PERIOD_DAYS } from '../forecasting/index.js';

const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Weekly units per SKU (all warehouses), oldest first from the SKU's first sale in the 52-week window. */
export async function skuWeeklySales(tx: Tx, asOf: string, timeZone: string): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (const h of await loadDemandHistories(tx, asOf, timeZone)) {
    const cur = out.get(h.skuId) ?? [];
    const n = Math.max(cur.length, h.y.length);
    out.set(h.skuId, Array.from({ length: n }, (_, i) => (cur[cur.length - n + i] ?? 0) + (h.y[h.y.length - n + i] ?? 0)));
  }
  return out;
}

/**
 * `product-lifecycle`: every selling SKU's stage on the as-of date (rule in docs/inventory.md
 * "Product lifecycle") and its stage changes over the 52-week window, which replace the changes
 * stored for that window; earlier history stays.
 */
export async function runProductLifecycle(tx: Tx, asOf: string, timeZone: string): Promise<{ rows: number }> {
  const sales = await skuWeeklySales(tx, asOf, timeZone);
  const windowStart = addDays(asOf, -(PERIOD_DAYS * HISTORY_PERIODS) + 1);
  await tx.execute(sql`delete from product_lifecycle where as_of = ${asOf}::date`);
  await tx.execute(sql`delete from product_stage_changes where week_start >= ${windowStart}::date`);
  const before = await queryRows<{ sku_id: number; to_stage: string }>(tx, sql`
    select distinct on (sku_id) sku_id, to_stage from product_stage_changes order by sku_id, week_start desc`);
  const lastBefore = new Map(before.map((r) => [Number(r.sku_id), r.to_stage]));
  const now: unknown[][] = Array.from({ length: 8 }, () => []);
  const changes: unknown[][] = Array.from({ length: 4 }, () => []);
  for (const [skuId, y] of sales) {
    const a = assessStage(y);
    [asOf, skuId, a.stage, a.ageWeeks, a.velocity, a.previousVelocity, a.peakVelocity, a.change].forEach((v, k) => now[k]!.push(v));
    let prev = lastBefore.get(skuId) ?? null;
    for (const c of stageHistory(y).changes) {
      if (c.to === prev) continue;
      // Week c.week of y ends 7·(n − 1 − week) days before the as-of date.
      [skuId, addDays(asOf, -PERIOD_DAYS * (y.length - 1 - c.week) - (PERIOD_DAYS - 1)), prev, c.to].forEach((v, k) => changes[k]!.push(v));
      prev = c.to;
    }
  }
  if (sales.size > 0) {
    await insertUnnest(tx, 'product_lifecycle', [
      { name: 'as_of', type: 'date' }, { name: 'sku_id', type: 'int8' }, { name: 'stage', type: 'text' }, { name: 'age_weeks', type: 'int4' },
      { name: 'velocity', type: 'float8' }, { name: 'previous_velocity', type: 'float8' }, { name: 'peak_velocity', type: 'float8' }, { name: 'change', type: 'float8' },
    ], now);
  }
  if (changes[0]!.length > 0) {
    await insertUnnest(tx, 'product_stage_changes', [
      { name: 'sku_id', type: 'int8' }, { name: 'week_start', type: 'date' }, { name: 'from_stage', type: 'text' }, { name: 'to_stage', type: 'text' },
    ], changes);
  }
  return { rows: sales.size };
}

export const productLifecycleStep: PipelineStep = {
  name: 'product-lifecycle',
  description: 'Product lifecycle stage (导入期/成长期/成熟期/衰退期) per SKU from the weekly sales-velocity trend, with its stage history',
  dependsOn: [],
  run: ({ tx, asOf, timeZone }) => runProductLifecycle(tx, asOf, timeZone),
};
