import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../db/client.js';
import { STAGE, type StagedRowError } from './import-types.js';

/** Columns that belong to the order, not the line: repeated on its rows or given on one of them. */
export const ORDER_LEVEL = ['placed_at', 'channel', 'channel_kind', 'device', 'customer_id', 'customer_region',
  'discount', 'paid_at', 'cancelled_at', 'refund_amount', 'refunded_at'];

/** The value of column `c` on the order's first row that gives one (and that row's line with `c = 'line'`). */
const firstGiven = (c: string, given = c) => `(array_agg(${c} order by line) filter (where ${given} is not null))[1]`;

interface Problem { line: number; order_id: string; field: string; reason: string }

/**
 * Rules across the rows of an order, once the file is staged: order-level values must agree, a
 * discount cannot exceed the goods, a refund needs a payment and cannot exceed it. Builds
 * `zg_oc_orders` (one row per order with its order-level values). With `dropBadRows` the whole
 * order of a bad row is taken out, so no order is imported with lines missing.
 */
export async function checkOrderRows(tx: Tx, _ctx: unknown, dropBadRows: boolean, label: (column: string) => string): Promise<StagedRowError[]> {
  await tx.execute(sql.raw(`create temp table zg_oc_orders on commit drop as
    select order_id, min(line) as first_line, sum(quantity * unit_price) as items,
      ${firstGiven('line', 'discount')} as discount_line, ${firstGiven('line', 'refund_amount')} as refund_line,
      ${ORDER_LEVEL.map((c) => `${firstGiven(c)} as ${c}`).join(', ')}
    from ${STAGE} group by order_id`));
  const values = ORDER_LEVEL.map((c) => `('${c}', s.${c}::text, o.${c}::text)`).join(', ');
  const problems = await queryRows<Problem>(tx, sql.raw(`
    select s.line, s.order_id, x.field, '''' || x.value || ''' differs from ''' || x.expected || ''' given earlier for order ''' || s.order_id || '''' as reason
    from ${STAGE} s join zg_oc_orders o using (order_id)
    cross join lateral (values ${values}) as x(field, value, expected)
    where x.value is not null and x.value <> x.expected
    union all
    select discount_line, order_id, 'discount', 'exceeds the goods amount of order ''' || order_id || '''' from zg_oc_orders where discount > items
    union all
    select refund_line, order_id, 'refund_amount', 'order ''' || order_id || ''' was never paid (paid_at is blank)'
    from zg_oc_orders where refund_amount is not null and paid_at is null
    union all
    select refund_line, order_id, 'refund_amount', 'exceeds what was paid for order ''' || order_id || ''''
    from zg_oc_orders where refund_amount > items - coalesce(discount, 0) and paid_at is not null
    order by 1`));
  const withLabels = problems.map((p) => ({ ...p, field: label(p.field) }));
  if (!dropBadRows || withLabels.length === 0) return withLabels.map((p) => ({ ...p, raw: '' }));

  const byLine = new Map<number, Problem[]>();
  for (const p of withLabels) byLine.set(p.line, [...(byLine.get(p.line) ?? []), p]);
  const orders = [...new Set(withLabels.map((p) => p.order_id))];
  const removed = await queryRows<{ line: number; order_id: string; raw: string }>(tx,
    sql`delete from ${sql.raw(STAGE)} where order_id = any(${sql.param(orders)}::text[]) returning line, order_id, raw`);
  await tx.execute(sql`delete from zg_oc_orders where order_id = any(${sql.param(orders)}::text[])`);
  return removed.sort((a, b) => a.line - b.line).map((r) => {
    const own = byLine.get(r.line);
    if (own) return { line: r.line, field: own[0]!.field, reason: own.map((p, i) => (i ? `${p.field}: ${p.reason}` : p.reason)).join('; '), raw: r.raw };
    const first = withLabels.find((p) => p.order_id === r.order_id)!;
    return { line: r.line, field: label('order_id'), reason: `order '${r.order_id}' is rejected with its line ${first.line}`, raw: r.raw };
  });
}
