import { prorate } from '@zhanggui/algorithms';
import { sql } from 'drizzle-orm';
import { insertUnnest } from '../db/bulk.js';
import { queryRows, type Tx } from '../db/client.js';
import { STAGE } from './import-types.js';

const ORDERS_PER_PAGE = 2_000;

/**
 * Split each order-level discount over the order's lines by goods amount with `prorate` (the
 * parts sum to the discount exactly) into `zg_oc_discounts(line, amount)`. Orders are read a
 * page at a time in order_id order, so memory holds one page whatever the file size.
 */
export async function prorateOrderDiscounts(tx: Tx): Promise<void> {
  await tx.execute(sql`create temp table zg_oc_discounts (line int8 primary key, amount int8 not null) on commit drop`);
  let after: string | null = null;
  for (;;) {
    const lines: { order_id: string; line: number; weight: number; discount: number }[] = await queryRows(tx, sql`
      with page as (
        select order_id, discount from zg_oc_orders
        where discount > 0 and (${after}::text is null or order_id > ${after}::text)
        order by order_id limit ${ORDERS_PER_PAGE})
      select s.order_id, s.line, s.quantity * s.unit_price as weight, p.discount
      from page p join ${sql.raw(STAGE)} s using (order_id) order by s.order_id, s.line`);
    if (lines.length === 0) return;
    const ids: number[] = [];
    const amounts: number[] = [];
    for (let start = 0; start < lines.length;) {
      let end = start;
      while (end < lines.length && lines[end]!.order_id === lines[start]!.order_id) end++;
      const order = lines.slice(start, end);
      const parts = prorate(order[0]!.discount, order.map((l) => l.weight));
      order.forEach((l, i) => {
        ids.push(l.line);
        amounts.push(parts[i]!);
      });
      start = end;
    }
    await insertUnnest(tx, 'zg_oc_discounts', [{ name: 'line', type: 'int8' }, { name: 'amount', type: 'int8' }], [ids, amounts]);
    after = lines.at(-1)!.order_id;
  }
}
