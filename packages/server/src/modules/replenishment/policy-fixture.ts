// A small hand-checkable store for the forecasting and replenishment tests: a central and a
// regional warehouse, two suppliers, and a year of sales ending on AS_OF (store zone Asia/Shanghai).
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';

export const AS_OF = '2026-03-01';

export interface FixtureIds { central: number; regional: number; sku1: number; sku2: number; supA: number; supB: number; channel: number }

/**
 * SKU P1-A: 10 units a day for 364 days out of the central warehouse (movements) and one order a
 * day of 10 × ¥10; 45 on hand centrally, 100 regionally. SKU P2-A: one unit a week in orders only
 * (¥5), 3 on hand centrally. Supplier A: P1-A lead 5 days, MOQ 1, ¥6; supplier B: lead 9, ¥5.5.
 */
export async function seedPolicyFixture(db: Tx): Promise<FixtureIds> {
  const one = async (q: ReturnType<typeof sql>) => Number((await queryRows<{ id: number }>(db, q))[0]!.id);
  const central = await one(sql`insert into warehouses (code, name, kind, region) values ('T-CDC', '测试中心仓', 'central', '华东') returning id`);
  const regional = await one(sql`insert into warehouses (code, name, kind, region) values ('T-RDC', '测试区域仓', 'regional', '华南') returning id`);
  const product = await one(sql`insert into products (name) values ('测试商品') returning id`);
  const sku1 = await one(sql`insert into skus (product_id, code, name, price, unit_cost) values (${product}, 'P1-A', '测试 A', 1000, 600) returning id`);
  const sku2 = await one(sql`insert into skus (product_id, code, name, price, unit_cost) values (${product}, 'P2-A', '测试 B', 500, 300) returning id`);
  const supA = await one(sql`insert into suppliers (name, default_lead_time_days) values ('供应商甲', 5) returning id`);
  const supB = await one(sql`insert into suppliers (name, default_lead_time_days) values ('供应商乙', 9) returning id`);
  await db.execute(sql`insert into sku_suppliers (sku_id, supplier_id, unit_cost, lead_time_days, min_order_qty, is_primary)
    values (${sku1}, ${supA}, 600, 5, 1, true), (${sku1}, ${supB}, 550, 9, 1, false)`);
  const channel = await one(sql`insert into channels (code, name, kind) values ('t-shop', '测试店', 'own_site') returning id`);
  await db.execute(sql`insert into stock_levels (warehouse_id, sku_id, on_hand) values (${central}, ${sku1}, 45), (${regional}, ${sku1}, 100), (${central}, ${sku2}, 3)`);
  // Days AS_OF − 363 … AS_OF at 12:00 Shanghai (04:00 UTC).
  await db.execute(sql`insert into stock_movements (warehouse_id, sku_id, kind, quantity, occurred_at)
    select ${central}, ${sku1}, 'sale', -10, (${AS_OF}::date - g)::timestamp + interval '4 hours' from generate_series(0, 363) g`);
  await db.execute(sql`
    with o as (
      insert into orders (channel_id, status, currency, placed_at, paid_at, items_amount, payable_amount, external_id)
      select ${channel}, 'completed', 'CNY', ts, ts, amt, amt, ext from (
        select (${AS_OF}::date - g)::timestamp + interval '4 hours' as ts, 10000 as amt, 'a' || g as ext from generate_series(0, 363) g
        union all select (${AS_OF}::date - 7 * g)::timestamp + interval '5 hours', 500, 'b' || g from generate_series(0, 51) g
      ) x returning id, external_id
    )
    insert into order_lines (order_id, line_no, sku_id, quantity, unit_price, unit_cost)
    select id, 1, case when external_id like 'a%' then ${sku1}::int8 else ${sku2}::int8 end, case when external_id like 'a%' then 10 else 1 end,
      case when external_id like 'a%' then 1000 else 500 end, null from o`);
  return { central, regional, sku1, sku2, supA, supB, channel };
}
