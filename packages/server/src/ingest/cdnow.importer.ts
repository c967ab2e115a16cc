import { sql } from 'drizzle-orm';
import { literal, loadFacts } from './fact-loader.js';
import { STAGE, type Importer } from './import-types.js';

/**
 * CDNOW master log (`customer_id date number_of_cds dollar_value`, whitespace-separated, dates
 * YYYYMMDD): each row is a paid order of the generic SKU "CD" placed at noon of its date in the
 * import's zone, with quantity = number_of_cds and amount = dollar_value in cents (the data is in US dollars).
 *
 * An order line holds an integer unit price, and a quarter of the rows' amounts do not divide by
 * their CD count (3 CDs for $35.00), so such a row becomes two lines of the same SKU, prices p and
 * p + 1 (p = amount ÷ cds rounded down), which keep both the CD count and the amount exact.
 */
export const cdnowImporter: Importer = {
  format: 'whitespace',
  columns: ['customer_id', 'date', 'number_of_cds', 'dollar_value'].map((name) => ({ name, required: true })),
  staging: [
    { name: 'customer_id', type: 'text' }, { name: 'day', type: 'text' },
    { name: 'cds', type: 'int8' }, { name: 'amount', type: 'int8' },
  ],

  parseRow(c) {
    const customer = c.required('customer_id');
    const day = c.compactDate('date');
    const cds = c.integer('number_of_cds');
    const amount = c.money('dollar_value', 2, 'exact');
    if (cds !== null && cds < 1) c.fail('number_of_cds', `must be at least 1 ('${c.raw('number_of_cds')}')`);
    if (amount !== null && amount < 0) c.fail('dollar_value', `must not be negative ('${c.raw('dollar_value')}')`);
    return c.ok ? [customer, day, cds, amount] : null;
  },

  async transform(tx, ctx) {
    // A customer can buy twice on one day: the order id numbers the rows of that day in file order.
    await tx.execute(sql.raw(`create temp table zg_cdnow on commit drop as
      select line, customer_id, cds, amount, amount / cds as unit, amount % cds as rest,
        customer_id || '-' || replace(day, '-', '') || '-' || row_number() over (partition by customer_id, day order by line) as order_ext,
        (day::date + time '12:00') at time zone ${literal(ctx.timeZone)} as placed_at
      from ${STAGE}`));
    return loadFacts(tx, ctx, {
      imp_channels: `select 'cdnow'::text as code, 'CDNOW'::text as name, 'own_site'::text as kind`,
      imp_customers: `select distinct customer_id as external_id, null::text as region from zg_cdnow`,
      imp_skus: `select 'CD'::text as code, 'CD'::text as name, (select unit from zg_cdnow order by line limit 1) as price, null::int8 as unit_cost`,
      imp_orders: `select order_ext as external_id, 'cdnow'::text as channel_code, 'unknown'::text as device, customer_id as customer_ext,
          'completed'::text as status, placed_at, placed_at as paid_at, null::timestamptz as cancelled_at, null::text as ship_region
        from zg_cdnow`,
      imp_lines: `select order_ext, 1 as line_no, 'CD'::text as sku_code, (cds - rest)::int as quantity, unit as unit_price,
          null::int8 as unit_cost, 0::int8 as order_discount from zg_cdnow where cds > rest
        union all
        select order_ext, 2, 'CD', rest::int, unit + 1, null, 0 from zg_cdnow where rest > 0`,
      imp_refunds: `select null::text as external_id, null::text as order_ext, null::text as customer_ext, null::text as channel_code,
          0::int8 as amount, null::timestamptz as refunded_at, null::text as reason where false`,
      imp_refund_lines: `select null::text as refund_ext, null::text as sku_code, 0 as quantity, 0::int8 as amount where false`,
    }, {});
  },
};
