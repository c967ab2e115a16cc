import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.js';
import { literal, loadFacts } from './fact-loader.js';
import { STAGE, type Importer } from './import-types.js';

const CHANNEL = 'online-retail';

/**
 * UCI Online Retail (InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice,
 * CustomerID, Country), mapped as metrics.md "Public data mapping" says:
 * - an order is an invoice not starting with "C" with ≥ 1 line of Quantity > 0, placed at its
 *   earliest InvoiceDate (local time in the import's zone), paid then (status completed, one
 *   payment); its lines are the Quantity > 0 lines; other lines are skipped (non_positive_quantity);
 * - a "C" invoice is a refund of Σ |Quantity × UnitPrice| at its own time, linked to the
 *   customer when there is one and to no order (the data does not say which);
 * - "A" invoices are bad-debt adjustments with negative prices, not sales: skipped
 *   (bad_debt_adjustment);
 * - UnitPrice is rounded to the nearest minor unit (0.001 → 0); a SKU's list price and name are
 *   the first seen; blank CustomerID is an anonymous order; customer region = Country.
 */
export const onlineRetailImporter: Importer = {
  format: 'csv',
  columns: ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country']
    .map((name) => ({ name, required: name !== 'Description' })),
  staging: [
    { name: 'invoice', type: 'text' }, { name: 'stock_code', type: 'text' }, { name: 'description', type: 'text' },
    { name: 'quantity', type: 'int8' }, { name: 'local_at', type: 'text' }, { name: 'unit_price', type: 'int8' },
    { name: 'customer_id', type: 'text' }, { name: 'country', type: 'text' },
  ],

  parseRow(c, ctx) {
    const invoice = c.required('InvoiceNo');
    const stockCode = c.required('StockCode');
    const quantity = c.integer('Quantity');
    const at = c.localDateTime('InvoiceDate');
    const price = c.money('UnitPrice', ctx.currencyDigits, 'round');
    if (!c.ok) return null;
    // Bad-debt adjustments are the only rows allowed a negative price; they are skipped later.
    if (price! < 0 && !invoice.startsWith('A')) c.fail('UnitPrice', `negative price on a sale ('${c.raw('UnitPrice')}')`);
    if (!c.ok) return null;
    return [invoice, stockCode, c.raw('Description') ?? '', quantity, at, price, c.text('CustomerID'), c.text('Country')];
  },

  async transform(tx, ctx) {
    const tz = literal(ctx.timeZone);
    await tx.execute(sql.raw(`create temp table zg_invoices on commit drop as
      select invoice, min(local_at::timestamp) at time zone ${tz} as at, min(customer_id) as customer_id,
        min(country) as country, bool_or(quantity > 0) as has_sale
      from ${STAGE} where invoice not like 'A%' group by invoice`));
    const [skipped] = await queryRows<{ adjustment: number; non_positive: number }>(tx, sql.raw(`select
      count(*) filter (where invoice like 'A%') as adjustment,
      count(*) filter (where invoice not like 'A%' and invoice not like 'C%' and quantity <= 0) as non_positive
      from ${STAGE}`));
    const sales = `invoice not like 'A%' and invoice not like 'C%'`;
    return loadFacts(tx, ctx, {
      imp_channels: `select '${CHANNEL}'::text as code, 'Online Retail (UCI)'::text as name, 'own_site'::text as kind`,
      imp_customers: `select customer_id as external_id, (array_agg(country order by line))[1] as region
        from ${STAGE} where customer_id is not null and invoice not like 'A%' group by customer_id`,
      imp_skus: `select stock_code as code,
          coalesce((array_agg(description order by line) filter (where description <> ''))[1], stock_code) as name,
          (array_agg(unit_price order by line))[1] as price, null::int8 as unit_cost
        from ${STAGE} where invoice not like 'A%' group by stock_code`,
      imp_orders: `select invoice as external_id, '${CHANNEL}'::text as channel_code, 'unknown'::text as device,
          customer_id as customer_ext, 'completed'::text as status, at as placed_at, at as paid_at,
          null::timestamptz as cancelled_at, country as ship_region
        from zg_invoices where invoice not like 'C%' and has_sale`,
      imp_lines: `select invoice as order_ext, (row_number() over (partition by invoice order by line))::int as line_no,
          stock_code as sku_code, quantity::int as quantity, unit_price, null::int8 as unit_cost, 0::int8 as order_discount
        from ${STAGE} where ${sales} and quantity > 0`,
      imp_refunds: `select s.invoice as external_id, null::text as order_ext, min(s.customer_id) as customer_ext,
          '${CHANNEL}'::text as channel_code, sum(abs(s.quantity * s.unit_price)) as amount, min(i.at) as refunded_at,
          'cancellation'::text as reason
        from ${STAGE} s join zg_invoices i using (invoice) where s.invoice like 'C%' group by s.invoice`,
      imp_refund_lines: `select invoice as refund_ext, stock_code as sku_code, abs(quantity)::int as quantity,
          abs(quantity * unit_price) as amount
        from ${STAGE} where invoice like 'C%'`,
    }, { bad_debt_adjustment: skipped!.adjustment, non_positive_quantity: skipped!.non_positive });
  },
};
