import { CHANNEL_KINDS, DEVICES } from '../modules/orders/orders.tables.js';
import { literal, loadFacts } from './fact-loader.js';
import { STAGE, type Importer } from './import-types.js';
import { checkOrderRows, ORDER_LEVEL } from './orders-csv.checks.js';
import { prorateOrderDiscounts } from './orders-csv.discounts.js';

const REQUIRED = ['order_id', 'placed_at', 'channel', 'sku', 'quantity', 'unit_price'];
const LINE_LEVEL = ['sku_name', 'unit_cost'];

/** A staged timestamp (normalised by parseTimestamp) as timestamptz: with its offset, or local in `tz`. */
const zoned = (col: string, tz: string) => `case when length(${col}) > 19 then ${col}::timestamptz else ${col}::timestamp at time zone ${tz} end`;

/**
 * The store's own order export, one row per order line (columns in docs/import.md). Order-level
 * columns repeat on the order's rows or are given on one of them; money is in major units with
 * at most the currency's decimals; an order-level discount is split over the lines by `prorate`.
 */
export const ordersCsvImporter: Importer = {
  format: 'csv',
  columns: [...REQUIRED, ...LINE_LEVEL, ...ORDER_LEVEL.filter((c) => !REQUIRED.includes(c))]
    .map((name) => ({ name, required: REQUIRED.includes(name) })),
  staging: [
    ...['order_id', 'placed_at', 'channel', 'channel_kind', 'device', 'customer_id', 'customer_region', 'sku', 'sku_name']
      .map((name) => ({ name, type: 'text' as const })),
    { name: 'quantity', type: 'int8' }, { name: 'unit_price', type: 'int8' }, { name: 'unit_cost', type: 'int8' },
    { name: 'discount', type: 'int8' }, { name: 'paid_at', type: 'text' }, { name: 'cancelled_at', type: 'text' },
    { name: 'refund_amount', type: 'int8' }, { name: 'refunded_at', type: 'text' },
  ],
  keepRaw: true,

  parseRow(c, ctx) {
    const d = ctx.currencyDigits;
    const nonNegative = (col: string, v: number | null) => {
      if (v !== null && v < 0) c.fail(col, `must not be negative ('${c.raw(col)}')`);
      return v;
    };
    const atLeastOne = (v: number | null) => {
      if (v !== null && v < 1) c.fail('quantity', `must be at least 1 ('${c.raw('quantity')}')`);
      return v;
    };
    const oneOf = (col: string, allowed: readonly string[]) => {
      const v = c.text(col);
      if (v !== null && !allowed.includes(v)) c.fail(col, `expected one of ${allowed.join(', ')} ('${v}')`);
      return v;
    };
    const row = [
      c.required('order_id'), c.timestamp('placed_at'), c.required('channel'), oneOf('channel_kind', CHANNEL_KINDS),
      oneOf('device', DEVICES), c.text('customer_id'), c.text('customer_region'), c.required('sku'), c.text('sku_name'),
      atLeastOne(c.integer('quantity')), nonNegative('unit_price', c.money('unit_price', d, 'exact')),
      nonNegative('unit_cost', c.money('unit_cost', d, 'exact', false)), nonNegative('discount', c.money('discount', d, 'exact', false)),
      c.timestamp('paid_at', false), c.timestamp('cancelled_at', false),
      nonNegative('refund_amount', c.money('refund_amount', d, 'exact', false)), c.timestamp('refunded_at', false),
    ];
    if ((c.raw('refund_amount') === null) !== (c.raw('refunded_at') === null)) {
      c.fail(c.raw('refund_amount') === null ? 'refund_amount' : 'refunded_at', 'refund_amount and refunded_at go together');
    }
    return c.ok ? row : null;
  },

  checkStaged: checkOrderRows,

  async transform(tx, ctx) {
    const tz = literal(ctx.timeZone);
    await prorateOrderDiscounts(tx);
    return loadFacts(tx, ctx, {
      imp_channels: `select channel as code, channel as name, coalesce(min(channel_kind), 'own_site') as kind from zg_oc_orders group by channel`,
      imp_customers: `select customer_id as external_id, (array_agg(customer_region order by first_line) filter (where customer_region is not null))[1] as region
        from zg_oc_orders where customer_id is not null group by customer_id`,
      imp_skus: `select sku as code, coalesce((array_agg(sku_name order by line) filter (where sku_name is not null))[1], sku) as name,
          (array_agg(unit_price order by line))[1] as price,
          (array_agg(unit_cost order by line) filter (where unit_cost is not null))[1] as unit_cost
        from ${STAGE} group by sku`,
      imp_orders: `select order_id as external_id, channel as channel_code, coalesce(device, 'unknown') as device, customer_id as customer_ext,
          case when cancelled_at is not null then 'cancelled' when paid_at is not null then 'paid' else 'pending_payment' end as status,
          ${zoned('placed_at', tz)} as placed_at, ${zoned('paid_at', tz)} as paid_at, ${zoned('cancelled_at', tz)} as cancelled_at,
          customer_region as ship_region
        from zg_oc_orders`,
      imp_lines: `select s.order_id as order_ext, (row_number() over (partition by s.order_id order by s.line))::int as line_no, s.sku as sku_code,
          s.quantity::int as quantity, s.unit_price, s.unit_cost, coalesce(d.amount, 0) as order_discount
        from ${STAGE} s left join zg_oc_discounts d using (line)`,
      imp_refunds: `select order_id as external_id, order_id as order_ext, customer_id as customer_ext, channel as channel_code,
          refund_amount as amount, ${zoned('refunded_at', tz)} as refunded_at, 'import'::text as reason
        from zg_oc_orders where refund_amount is not null`,
      imp_refund_lines: `select null::text as refund_ext, null::text as sku_code, 0 as quantity, 0::int8 as amount where false`,
    }, {});
  },
};

