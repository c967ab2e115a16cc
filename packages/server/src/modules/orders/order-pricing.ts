import { prorate } from '@zhanggui/algorithms';

/** A line as the buyer asked for it, with the SKU's list price and current unit cost. */
export interface LineToPrice {
  skuId: number;
  quantity: number;
  price: number;
  unitCost: number | null;
}

export interface PricedLine {
  lineNo: number;
  skuId: number;
  quantity: number;
  unitPrice: number;
  unitCost: number | null;
  /** quantity × unit price. */
  amount: number;
}

export interface PricedOrder {
  lines: PricedLine[];
  /** Σ line amounts: the order's GMV (metrics.md). */
  itemsAmount: number;
  discountAmount: number;
  shippingAmount: number;
  /** itemsAmount − discountAmount + shippingAmount. */
  payableAmount: number;
}

/**
 * Price an order at list price: each line at its SKU's price, its unit cost snapshotted so
 * margin later uses the cost at the time of sale. No discounts apply at this stage.
 */
export function priceAtListPrice(lines: readonly LineToPrice[]): PricedOrder {
  const priced = lines.map((l, i): PricedLine => {
    const amount = l.quantity * l.price;
    if (!Number.isSafeInteger(amount)) throw new RangeError(`line ${i + 1}: amount ${l.quantity} × ${l.price} is out of range`);
    return { lineNo: i + 1, skuId: l.skuId, quantity: l.quantity, unitPrice: l.price, unitCost: l.unitCost, amount };
  });
  const itemsAmount = priced.reduce((s, l) => s + l.amount, 0);
  if (!Number.isSafeInteger(itemsAmount)) throw new RangeError('order amount is out of range');
  return { lines: priced, itemsAmount, discountAmount: 0, shippingAmount: 0, payableAmount: itemsAmount };
}

export interface LineToRefund {
  orderLineId: number;
  skuId: number;
  quantity: number;
  /** What the buyer paid for the line: quantity × unit price − its discounts. */
  netAmount: number;
  unitCost: number | null;
}

export interface RefundLinePlan {
  orderLineId: number;
  skuId: number;
  quantity: number;
  amount: number;
  unitCost: number | null;
}

/**
 * Split a refund of a whole order over its lines in proportion to what was paid for each, with
 * `prorate` so the lines add up to the refund exactly. The cost coming back is known only when
 * every line's cost is.
 */
export function planFullRefund(amount: number, lines: readonly LineToRefund[]): { lines: RefundLinePlan[]; costAmount: number | null } {
  const weights = lines.map((l) => l.netAmount);
  // An order paid in full by discounts still returns its goods; split by quantity then.
  const shares = weights.some((w) => w > 0) ? prorate(amount, weights) : prorate(amount, lines.map((l) => l.quantity));
  const planned = lines.map((l, i) => ({ orderLineId: l.orderLineId, skuId: l.skuId, quantity: l.quantity, amount: shares[i]!, unitCost: l.unitCost }));
  const costAmount = lines.every((l) => l.unitCost !== null) ? lines.reduce((s, l) => s + l.quantity * l.unitCost!, 0) : null;
  return { lines: planned, costAmount };
}
