import { prorate } from '@zhanggui/algorithms';

export interface BasketLine { quantity: number; unitPrice: number; /** Item-level markdown as a fraction of the line. */ markdown: number }
export interface PricedLine { itemDiscount: number; orderDiscount: number; couponDiscount: number; pointsDiscount: number }

/** The promotions that apply to one order. */
export interface OrderPromo {
  /** 满减: `off` per `threshold` reached (stacked: 每满), after item markdowns. */
  fullReduction: { threshold: number; off: number; stacked: boolean } | null;
  coupon: { threshold: number; off: number } | null;
  /** Points redeemed, in 分; capped at 10% of what is left to pay. */
  points: number;
}

export interface PricedOrder { lines: PricedLine[]; itemsAmount: number; discountAmount: number }

/**
 * Price a basket: item markdowns per line, then the order-level 满减, the coupon and points,
 * each split over the lines in proportion to what is still payable on them with `prorate`, so
 * every allocation sums exactly to its discount and no line goes below zero.
 */
export function priceBasket(lines: readonly BasketLine[], promo: OrderPromo): PricedOrder {
  const gross = lines.map((l) => l.quantity * l.unitPrice);
  const itemDiscount = lines.map((l, i) => Math.min(gross[i]!, Math.round(gross[i]! * l.markdown)));
  const left = gross.map((g, i) => g - itemDiscount[i]!);
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  const allocate = (amount: number): number[] => {
    const parts = amount > 0 ? prorate(amount, left) : left.map(() => 0);
    parts.forEach((p, i) => { left[i]! -= p; });
    return parts;
  };
  let due = sum(left);
  let order = 0;
  if (promo.fullReduction && due >= promo.fullReduction.threshold) {
    const times = promo.fullReduction.stacked ? Math.floor(due / promo.fullReduction.threshold) : 1;
    order = Math.min(Math.floor(due / 2), times * promo.fullReduction.off);
  }
  const orderDiscount = allocate(order);
  due -= order;
  const coupon = promo.coupon && due >= promo.coupon.threshold ? Math.min(promo.coupon.off, due) : 0;
  const couponDiscount = allocate(coupon);
  due -= coupon;
  const pointsDiscount = allocate(Math.min(promo.points, Math.floor(due / 10)));
  const priced = lines.map((_, i) => ({ itemDiscount: itemDiscount[i]!, orderDiscount: orderDiscount[i]!, couponDiscount: couponDiscount[i]!, pointsDiscount: pointsDiscount[i]! }));
  const discountAmount = sum(priced.map((p) => p.itemDiscount + p.orderDiscount + p.couponDiscount + p.pointsDiscount));
  return { lines: priced, itemsAmount: sum(gross), discountAmount };
}

/** What a line actually paid. */
export const linePaid = (gross: number, p: PricedLine): number => gross - p.itemDiscount - p.orderDiscount - p.couponDiscount - p.pointsDiscount;
