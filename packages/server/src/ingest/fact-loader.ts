import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../db/client.js';
import type { FactCounts, ImportContext } from './import-types.js';

/**
 * The normalised shape every importer maps its staged rows to, as TEMP views over the staging
 * table (views, so 500k lines are not copied once more):
 *   imp_channels(code, name, kind)               imp_customers(external_id, region)
 *   imp_skus(code, name, price, unit_cost)       imp_lines(order_ext, line_no, sku_code, quantity, unit_price, unit_cost, order_discount)
 *   imp_orders(external_id, channel_code, device, customer_ext, status, placed_at, paid_at, cancelled_at, ship_region)
 *   imp_refunds(external_id, order_ext, customer_ext, channel_code, amount, refunded_at, reason)
 *   imp_refund_lines(refund_ext, sku_code, quantity, amount)
 */
export type FactViews = Record<'imp_channels' | 'imp_customers' | 'imp_skus' | 'imp_orders' | 'imp_lines' | 'imp_refunds' | 'imp_refund_lines', string>;

/** A SQL string literal, for the few values views must hold inline (a validated zone name). */
export const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * Run a line insert with the per-row foreign-key triggers off when the role may (superuser, as
 * PGlite always is). Those checks are three quarters of the import's time on PGlite, and they
 * cannot fail here: every row comes from an inner join with the very orders/refunds and SKUs it
 * references, in this transaction. Elsewhere the checks run as usual.
 */
async function withoutRowChecks<T>(tx: Tx, insert: () => Promise<T>): Promise<T> {
  const [su] = await queryRows<{ on: boolean }>(tx, sql`select current_setting('is_superuser') = 'on' as on`);
  if (!su?.on) return insert();
  await tx.execute(sql`set local session_replication_role = replica`);
  const result = await insert();
  await tx.execute(sql`set local session_replication_role = origin`);
  return result;
}

const count = async (tx: Tx, q: SQL) => (await queryRows<{ n: number }>(tx, q))[0]!.n;

/**
 * Write the facts from the views with set-based SQL. `(source, external_id)` conflicts do
 * nothing and lines, payments and refund lines are written only for orders and refunds new in
 * this run, so importing a file again adds nothing. SKUs are matched by code, so sales of a SKU
 * the catalogue already has attach to it.
 */
export async function loadFacts(tx: Tx, ctx: ImportContext, views: FactViews, skipped: Record<string, number>): Promise<FactCounts> {
  for (const [name, body] of Object.entries(views)) await tx.execute(sql.raw(`create temp view ${name} as ${body}`));
  const src = ctx.source;
  await tx.execute(sql`insert into channels (code, name, kind) select code, name, kind from imp_channels on conflict (code) do nothing`);
  const customers = await count(tx, sql`with ins as (insert into customers (source, external_id, region)
    select ${src}, external_id, region from imp_customers on conflict (source, external_id) do nothing returning 1)
    select count(*) as n from ins`);

  await tx.execute(sql`create temp table zg_skus on commit drop as
    select k.* from imp_skus k where not exists (select 1 from skus s where s.code = k.code)`);
  await tx.execute(sql`insert into products (source, external_id, name) select ${src}, code, name from zg_skus
    on conflict (source, external_id) do nothing`);
  const skus = await count(tx, sql`with ins as (insert into skus (source, external_id, product_id, code, name, price, unit_cost)
    select ${src}, k.code, p.id, k.code, k.name, greatest(k.price, 0), k.unit_cost
    from zg_skus k join products p on p.source = ${src} and p.external_id = k.code
    on conflict do nothing returning 1) select count(*) as n from ins`);

  await tx.execute(sql`create temp table zg_order_totals on commit drop as
    select order_ext, coalesce(sum(quantity::int8 * unit_price) filter (where quantity > 0), 0) as items, sum(order_discount) as discount
    from imp_lines group by order_ext having bool_or(quantity > 0)`);
  await tx.execute(sql`create temp table zg_new_orders (id int8, external_id text, paid_at timestamptz, amount int8) on commit drop`);
  const orders = await count(tx, sql`with ins as (insert into orders (source, external_id, channel_id, device, customer_id, status,
      currency, placed_at, paid_at, cancelled_at, items_amount, discount_amount, payable_amount, ship_region)
    select ${src}, o.external_id, ch.id, o.device, c.id, o.status, ${ctx.currency}, o.placed_at, o.paid_at, o.cancelled_at,
      t.items, t.discount, t.items - t.discount, o.ship_region
    from imp_orders o join zg_order_totals t on t.order_ext = o.external_id join channels ch on ch.code = o.channel_code
    left join customers c on c.source = ${src} and c.external_id = o.customer_ext
    on conflict (source, external_id) do nothing returning id, external_id, paid_at, payable_amount),
    kept as (insert into zg_new_orders select * from ins returning 1)
    select count(*) as n from kept`);
  // Imported history is already settled: one payment of the payable amount at paid_at.
  await tx.execute(sql`insert into payments (source, external_id, order_id, method, amount, paid_at)
    select ${src}, external_id, id, 'import', amount, paid_at from zg_new_orders where paid_at is not null
    on conflict (source, external_id) do nothing`);
  const orderLines = await withoutRowChecks(tx, () => count(tx, sql`with ins as (insert into order_lines (order_id, line_no, sku_id, quantity, unit_price, unit_cost, order_discount)
    select n.id, l.line_no, s.id, l.quantity, l.unit_price, l.unit_cost, l.order_discount
    from imp_lines l join zg_new_orders n on n.external_id = l.order_ext join skus s on s.code = l.sku_code
    returning 1) select count(*) as n from ins`));

  await tx.execute(sql`create temp table zg_new_refunds (id int8, external_id text) on commit drop`);
  const refunds = await count(tx, sql`with ins as (insert into refunds (source, external_id, order_id, customer_id, channel_id, amount, refunded_at, reason)
    select ${src}, r.external_id, o.id, coalesce(o.customer_id, c.id), coalesce(o.channel_id, ch.id), r.amount, r.refunded_at, r.reason
    from imp_refunds r
    left join orders o on o.source = ${src} and o.external_id = r.order_ext
    left join customers c on c.source = ${src} and c.external_id = r.customer_ext
    left join channels ch on ch.code = r.channel_code
    on conflict (source, external_id) do nothing returning id, external_id),
    kept as (insert into zg_new_refunds select * from ins returning 1)
    select count(*) as n from kept`);
  await withoutRowChecks(tx, () => tx.execute(sql`insert into refund_lines (refund_id, sku_id, quantity, amount)
    select n.id, s.id, l.quantity, l.amount
    from imp_refund_lines l join zg_new_refunds n on n.external_id = l.refund_ext join skus s on s.code = l.sku_code`));

  // Temp views outlive the transaction (unlike the `on commit drop` tables they read): drop them.
  await tx.execute(sql.raw(`drop view ${Object.keys(views).reverse().join(', ')}`));
  return { orders, orderLines, refunds, customers, skus, skipped };
}
