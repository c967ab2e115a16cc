// Which supplier to buy from and how much: minimum order quantity, pack size, price breaks,
// reliability, lead time and capacity, with a split across suppliers when one cannot cover the
// need or diversification is asked for. Pure; money in integer minor units.

export interface PriceBreak { minQty: number; unitCost: number }

export interface SupplierOffer {
  supplierId: number;
  name: string;
  leadTimeDays: number;
  /** Minimum order quantity (units). */
  moq: number;
  /** Units per pack: order quantities are multiples of it. */
  packSize: number;
  /** Unit cost below the first break, minor units. */
  unitCost: number;
  priceBreaks: readonly PriceBreak[];
  /** Share of units delivered complete and on time, (0, 1]. */
  reliability: number;
  /** Most units per order; null: unlimited. */
  capacity: number | null;
}

export interface PurchaseLine {
  supplierId: number;
  quantity: number;
  unitCost: number;
  amount: number;
  leadTimeDays: number;
  reason: string;
}

export interface PurchasePlanOptions {
  /** Days until the projected stockout: suppliers that cannot deliver by then rank after those that can. */
  arriveWithinDays?: number | null;
  /** Largest share of the need one supplier may get (0 < s ≤ 1); default 1 (no diversification). */
  maxShare?: number;
}

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/** Unit cost for a quantity: the break with the largest minQty ≤ q, else the base cost. */
export function unitCostAt(offer: SupplierOffer, q: number): number {
  let cost = offer.unitCost;
  let best = 0;
  for (const b of offer.priceBreaks) if (b.minQty <= q && b.minQty >= best) [best, cost] = [b.minQty, b.unitCost];
  return cost;
}

/** The smallest orderable quantity ≥ n: at least the MOQ, in whole packs. */
export function orderableQuantity(offer: SupplierOffer, n: number): number {
  const q = Math.max(offer.moq, n, 1);
  return Math.ceil(q / offer.packSize) * offer.packSize;
}

/**
 * Quantity and cost for `need` units from one offer: rounded up to MOQ and pack; moved up to a
 * price break when the larger order costs no more in total. Capacity caps it (in whole packs).
 */
export function quoteOffer(offer: SupplierOffer, need: number): { quantity: number; unitCost: number; notes: string[] } {
  const notes: string[] = [];
  let q = orderableQuantity(offer, need);
  if (offer.moq > need) notes.push(`MOQ ${offer.moq}`);
  if (offer.packSize > 1 && Math.max(offer.moq, need) % offer.packSize !== 0) notes.push(`packs of ${offer.packSize}`);
  let cost = unitCostAt(offer, q);
  for (const b of [...offer.priceBreaks].sort((x, y) => x.minQty - y.minQty)) {
    if (b.minQty <= q) continue;
    const q2 = orderableQuantity(offer, b.minQty);
    const c2 = unitCostAt(offer, q2);
    if (q2 * c2 <= q * cost) {
      notes.push(`price break: ${q2} at ${yuan(c2)} costs ${yuan(q2 * c2)} ≤ ${q} at ${yuan(cost)} = ${yuan(q * cost)}`);
      q = q2;
      cost = c2;
    }
  }
  if (offer.capacity !== null && q > offer.capacity) {
    q = Math.floor(offer.capacity / offer.packSize) * offer.packSize;
    cost = unitCostAt(offer, q);
    notes.push(`capacity ${offer.capacity}`);
  }
  return { quantity: q, unitCost: cost, notes };
}

/**
 * Ranking: suppliers that deliver within `arriveWithinDays` first, then the lowest expected cost
 * per delivered unit (unit cost at the needed quantity / reliability), then the shorter lead time.
 */
export function rankOffers(offers: readonly SupplierOffer[], need: number, opts: PurchasePlanOptions = {}): SupplierOffer[] {
  const within = (o: SupplierOffer) => (opts.arriveWithinDays == null || o.leadTimeDays <= opts.arriveWithinDays ? 0 : 1);
  const eff = (o: SupplierOffer) => unitCostAt(o, orderableQuantity(o, need)) / o.reliability;
  return [...offers].sort((a, b) => within(a) - within(b) || eff(a) - eff(b) || a.leadTimeDays - b.leadTimeDays || a.supplierId - b.supplierId);
}

/** Lines that together cover `need` units (or as much as the suppliers can), with a reason each. */
export function planPurchase(need: number, offers: readonly SupplierOffer[], opts: PurchasePlanOptions = {}): PurchaseLine[] {
  if (!Number.isInteger(need) || need < 0) throw new RangeError(`planPurchase: need must be an integer >= 0, got ${need}`);
  const maxShare = opts.maxShare ?? 1;
  if (!(maxShare > 0 && maxShare <= 1)) throw new RangeError(`planPurchase: maxShare must be in (0, 1], got ${maxShare}`);
  for (const o of offers) {
    if (!(o.packSize >= 1 && o.moq >= 1 && o.reliability > 0 && o.reliability <= 1)) throw new RangeError(`planPurchase: bad terms for supplier ${o.supplierId}`);
  }
  const lines: PurchaseLine[] = [];
  if (need === 0 || offers.length === 0) return lines;
  const ranked = rankOffers(offers, need, opts);
  let left = need;
  for (const [i, offer] of ranked.entries()) {
    if (left <= 0) break;
    const isLast = i === ranked.length - 1;
    // Diversification caps every supplier but the last resort at maxShare of the whole need.
    const cap = maxShare < 1 && !isLast ? Math.max(1, Math.floor(need * maxShare)) : Infinity;
    const target = Math.min(left, cap);
    const quote = quoteOffer(offer, target);
    if (quote.quantity <= 0) continue;
    const why: string[] = [];
    if (i === 0) {
      const late = opts.arriveWithinDays != null && offer.leadTimeDays > opts.arriveWithinDays;
      why.push(late
        ? `no supplier delivers within ${opts.arriveWithinDays} days; fastest-ranked ${offer.name} (${offer.leadTimeDays} days)`
        : `${offer.name}: lowest cost per delivered unit ${yuan(Math.round(unitCostAt(offer, quote.quantity) / offer.reliability))} (reliability ${(offer.reliability * 100).toFixed(0)}%, lead ${offer.leadTimeDays} days)`);
    } else {
      why.push(`${offer.name} covers the remaining ${left}${cap < Infinity ? ` (at most ${(maxShare * 100).toFixed(0)}% per supplier)` : ''}`);
    }
    if (target < left && cap < Infinity) why.push(`diversified: ${target} of ${need}`);
    why.push(...quote.notes);
    lines.push({ supplierId: offer.supplierId, quantity: quote.quantity, unitCost: quote.unitCost, amount: quote.quantity * quote.unitCost, leadTimeDays: offer.leadTimeDays, reason: why.join('; ') });
    left -= quote.quantity;
  }
  return lines;
}
