import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { queryRows, type Tx } from '../../db/client.js';
import { isAppError } from '../../errors.js';
import { createTestDb, forEachDriver } from '../../test-support/db.js';
import { simulateStore, type SimulateOptions } from './simulate-store.js';

// Small settings keep the suite fast; the window covers 双11 so the peak can be checked.
const SMALL: SimulateOptions = { days: 60, customers: 500, seed: 42, endDate: '2025-11-30' };

/** A digest of the simulated facts (ciphertext excluded: its nonces are random by design). */
async function digest(db: Tx): Promise<Record<string, string>> {
  const tables: Record<string, string> = {
    customers: 'select id, external_id, region, city, gender, birth_year, registered_at, consent_marketing from customers order by id',
    orders: 'select id, channel_id, device, customer_id, status, placed_at, paid_at, cancelled_at, items_amount, discount_amount, shipping_amount, payable_amount, ship_region, campaign_id from orders order by id',
    order_lines: 'select id, order_id, sku_id, quantity, unit_price, unit_cost, item_discount, order_discount, coupon_discount, points_discount from order_lines order by id',
    shipments: 'select order_id, warehouse_id, carrier, tracking_no, status, shipped_at, delivered_at, promised_at from shipments order by order_id, warehouse_id',
    refunds: 'select id, order_id, amount, cost_amount, refunded_at, reason from refunds order by id',
    stock_movements: 'select warehouse_id, sku_id, kind, quantity, occurred_at from stock_movements order by occurred_at, warehouse_id, sku_id, kind, quantity',
    traffic_sessions: 'select visitor_id, customer_id, channel_id, device, started_at, page_views, add_to_carts, order_id from traffic_sessions order by started_at, visitor_id, channel_id',
    traffic_events: 'select s.visitor_id, s.started_at, e.type, e.at, e.sku_id, e.order_id from traffic_events e join traffic_sessions s on s.id = e.session_id order by s.started_at, s.visitor_id, e.at, e.type',
    marketing_spend: 'select channel_id, campaign_id, day, impressions, clicks, spend from marketing_spend order by channel_id, day, campaign_id',
    tickets: 'select order_id, category, subject, body, created_at, rating from tickets order by external_id',
    reviews: 'select order_id, sku_id, rating, body, created_at from reviews order by external_id',
  };
  const out: Record<string, string> = {};
  for (const [name, q] of Object.entries(tables)) {
    const [row] = await queryRows<{ h: string }>(db, sql.raw(`select md5(coalesce(string_agg(t::text, '|'), '')) as h from (${q}) t`));
    out[name] = row!.h;
  }
  return out;
}

const one = async (db: Tx, q: ReturnType<typeof sql>) => (await queryRows<Record<string, number>>(db, q))[0]!;

forEachDriver('simulateStore', (t, driver) => {
  let firstDigest: Record<string, string>;

  it('writes a store history with rows in every fact table', async () => {
    const phases = new Set<string>();
    const summary = await simulateStore(t(), { ...SMALL, onProgress: (phase) => phases.add(phase) });
    for (const table of ['customers', 'orders', 'order_lines', 'payments', 'shipments', 'refunds', 'stock_movements', 'stock_levels', 'traffic_sessions', 'traffic_events', 'marketing_spend', 'campaigns', 'tickets', 'reviews', 'sku_suppliers']) {
      expect(summary.rows[table], table).toBeGreaterThan(0);
    }
    expect([...phases]).toEqual(['catalog', 'customers', 'orders', 'inventory', 'traffic', 'service', 'indexes']);
    const counted = await one(t().database.db, sql`select count(*) as n from orders`);
    expect(counted.n).toBe(summary.rows.orders);
    firstDigest = await digest(t().database.db);
  });

  it('allocates every discount exactly over the lines, and pays what is payable', async () => {
    const db = t().database.db;
    const bad = await one(db, sql`select count(*) as n from orders o join (
        select order_id, sum(item_discount + order_discount + coupon_discount + points_discount) as d, sum(quantity * unit_price) as g,
               min(least(item_discount, order_discount, coupon_discount, points_discount, quantity * unit_price - item_discount - order_discount - coupon_discount - points_discount)) as low
        from order_lines group by order_id) l on l.order_id = o.id
      where l.d <> o.discount_amount or l.g <> o.items_amount or l.low < 0 or o.payable_amount <> o.items_amount - o.discount_amount + o.shipping_amount`);
    expect(bad.n).toBe(0);
    const pay = await one(db, sql`select count(*) filter (where p.amount is distinct from o.payable_amount) as wrong,
        count(*) filter (where o.paid_at is null and p.amount is not null) as unpaid_with_payment from orders o left join payments p on p.order_id = o.id`);
    expect(pay).toEqual({ wrong: await one(db, sql`select count(*) as n from orders where paid_at is null`).then((r) => r.n), unpaid_with_payment: 0 });
    const refunds = await one(db, sql`select count(*) as n from refunds r where r.amount <> (select sum(amount) from refund_lines l where l.refund_id = r.id)`);
    expect(refunds.n).toBe(0);
  });

  it('keeps stock non-negative at every instant and levels equal to the movements', async () => {
    const db = t().database.db;
    const low = await one(db, sql`select min(running) as low from (select sum(quantity) over (partition by warehouse_id, sku_id order by occurred_at, quantity desc rows unbounded preceding) as running from stock_movements) m`);
    expect(low.low).toBeGreaterThanOrEqual(0);
    const mismatched = await one(db, sql`select count(*) as n from stock_levels s full join (select warehouse_id, sku_id, sum(quantity) as q from stock_movements group by 1, 2) m
      using (warehouse_id, sku_id) where coalesce(s.on_hand, 0) <> coalesce(m.q, 0)`);
    expect(mismatched.n).toBe(0);
  });

  it('converts visitors at a plausible rate per channel and peaks on 双11', async () => {
    const db = t().database.db;
    const rates = await queryRows<{ code: string; rate: number }>(db, sql`select c.code, count(distinct s.visitor_id) filter (where s.order_id is not null)::float8 / count(distinct s.visitor_id) as rate
      from traffic_sessions s join channels c on c.id = s.channel_id group by c.code`);
    expect(rates.length).toBeGreaterThanOrEqual(5);
    for (const r of rates) {
      expect(r.rate, r.code).toBeGreaterThan(0.01);
      expect(r.rate, r.code).toBeLessThan(0.09);
    }
    const days = await queryRows<{ day: string; gmv: number }>(db, sql`select to_char(placed_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, sum(items_amount) as gmv
      from orders where paid_at is not null group by 1 order by 2`);
    const median = days[Math.floor(days.length / 2)]!.gmv;
    expect(days.find((d) => d.day === '2025-11-11')!.gmv).toBeGreaterThan(3 * median);
  });

  it('gives every online order one session that reached it, with its step events in order', async () => {
    const db = t().database.db;
    // Offline-store orders have no web session; every other order has exactly one converting session.
    const orders = await one(db, sql`select count(*) filter (where n <> 1) as bad, count(*) as online from (
        select o.id, count(s.id) as n from orders o join channels c on c.id = o.channel_id left join traffic_sessions s on s.order_id = o.id
        where c.kind <> 'offline' group by o.id) x`);
    expect(orders.bad).toBe(0);
    expect(orders.online).toBeGreaterThan(100);
    const offline = await one(db, sql`select count(*) as n from traffic_sessions s join orders o on o.id = s.order_id join channels c on c.id = o.channel_id where c.kind = 'offline'`);
    expect(offline.n).toBe(0);
    // The session started before the order, its counters cover the steps, and its trail ends in the order event at placement time.
    const trail = await one(db, sql`select count(*) filter (where not (s.started_at < o.placed_at and s.checkouts >= 1 and s.add_to_carts >= 1 and s.product_views >= 1
          and e.types = 'page_view,product_view,add_to_cart,checkout,order' and e.last_at = o.placed_at and e.last_order = o.id and e.ordered)) as bad, count(*) as n
      from traffic_sessions s join orders o on o.id = s.order_id
      join (select session_id, string_agg(type, ',' order by at, id) as types, max(at) as last_at, max(order_id) as last_order, bool_and(at is not null) as ordered
            from traffic_events group by session_id) e on e.session_id = s.id`);
    expect(trail.bad).toBe(0);
    expect(trail.n).toBe(orders.online);
    // Abandoned checkouts have a trail without an order; sessions that stopped earlier have none.
    const abandoned = await one(db, sql`select count(*) filter (where e.n is distinct from (2 + (s.product_views > 0)::int + (s.add_to_carts > 0)::int)) as bad, count(*) as n
      from traffic_sessions s left join (select session_id, count(*) as n from traffic_events group by 1) e on e.session_id = s.id
      where s.order_id is null and s.checkouts > 0`);
    expect(abandoned.bad).toBe(0);
    expect(abandoned.n).toBeGreaterThan(0);
    const early = await one(db, sql`select count(*) as n from traffic_events e join traffic_sessions s on s.id = e.session_id where s.checkouts = 0`);
    expect(early.n).toBe(0);
  });

  it('converts about 3–4% of visitors overall (the handbook), mobile above desktop', async () => {
    const db = t().database.db;
    // Visitor conversion of metrics.md over the whole simulated window.
    const all = await one(db, sql`select count(distinct visitor_id) filter (where order_id is not null)::float8 / count(distinct visitor_id) as rate from traffic_sessions`);
    expect(all.rate).toBeGreaterThan(0.028);
    expect(all.rate).toBeLessThan(0.045);
    const byDevice = Object.fromEntries((await queryRows<{ device: string; rate: number }>(db, sql`select device,
        count(distinct visitor_id) filter (where order_id is not null)::float8 / count(distinct visitor_id) as rate from traffic_sessions group by device`)).map((r) => [r.device, r.rate]));
    expect(byDevice.mobile).toBeGreaterThan(byDevice.desktop!);
  });

  it('records daily spend with clicks no more than impressions, and campaign spend inside its dates', async () => {
    const db = t().database.db;
    const spend = await one(db, sql`select count(*) filter (where clicks > impressions or spend <= 0) as bad, count(distinct day) as days, count(distinct channel_id) as channels from marketing_spend`);
    expect(spend).toEqual({ bad: 0, days: 60, channels: 6 });
    const outside = await one(db, sql`select count(*) as n from marketing_spend m join campaigns c on c.id = m.campaign_id where m.day < c.starts_on or m.day > c.ends_on`);
    expect(outside.n).toBe(0);
  });

  it('stores personal data only encrypted, with lookup hashes', async () => {
    const { database, cipher } = t();
    const rows = await queryRows<{ name_enc: string; phone_enc: string; email_enc: string | null; address_enc: string; phone_hash: string }>(database.db,
      sql`select name_enc, phone_enc, email_enc, address_enc, phone_hash from customers order by id limit 50`);
    for (const r of rows) {
      for (const v of [r.name_enc, r.phone_enc, r.address_enc, r.email_enc].filter((x) => x !== null)) expect(v).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
      const phone = cipher.decrypt(r.phone_enc);
      expect(phone).toMatch(/^1[3-9]\d{9}$/);
      expect(r.phone_hash).toBe(cipher.lookupHash('phone', phone));
      expect(cipher.decrypt(r.name_enc)).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
    }
    const leaks = await one(database.db, sql`select count(*) as n from customers where name_enc ~ '[\u4e00-\u9fff]' or phone_enc ~ '1[3-9][0-9]{9}' or address_enc like '%号%'`);
    expect(leaks.n).toBe(0);
  });

  it('refuses a database that already has orders', async () => {
    const err = await simulateStore(t(), SMALL).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe('conflict');
  });

  it('is deterministic for a seed and differs for another', async () => {
    const again = await createTestDb(driver);
    const other = await createTestDb(driver);
    try {
      await simulateStore(again, SMALL);
      await simulateStore(other, { ...SMALL, seed: 7 });
      expect(await digest(again.database.db)).toEqual(firstDigest);
      const different = await digest(other.database.db);
      expect(different.orders).not.toBe(firstDigest.orders);
      expect(different.customers).not.toBe(firstDigest.customers);
    } finally {
      await again.close();
      await other.close();
    }
  });
});
