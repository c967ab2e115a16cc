import type { Rng } from '@zhanggui/algorithms';
import type { SimCatalog } from './catalog-generator.js';
import { chance, intBetween, logNormal, uniform } from './sampling.js';
import { DAY_MS, HOUR_MS, type Calendar } from './store-calendar.js';

export interface Movement { warehouse: number; sku: number; kind: 'receipt' | 'sale' | 'return'; quantity: number; at: number; refType: string | null; refId: number | null; note: string | null }
interface Arrival { at: number; warehouse: number; sku: number; quantity: number; kind: 'receipt' | 'return'; refId: number | null; supplier: number | null }

/**
 * Stock per SKU × warehouse, moved only by receipts, sales and returns, so on hand never goes
 * negative and always equals the sum of movements. Replenishment is a daily (s, S) review on a
 * demand plan that knows the calendar (ops stock up for 双11) but carries a per-SKU forecast
 * bias, and suppliers are sometimes late: together they give occasional stockouts.
 */
export class InventorySim {
  readonly onHand: Int32Array;
  readonly stocked: Uint8Array;
  readonly movements: Movement[] = [];
  readonly #onOrder: Int32Array;
  readonly #rate: Float64Array;
  readonly #sold: Float64Array;
  readonly #bias: Float64Array;
  readonly #buckets: Arrival[][];
  #today = -1;
  #next = 0;

  constructor(
    private readonly rng: Rng,
    private readonly cal: Calendar,
    private readonly catalog: SimCatalog,
    private readonly warehouses: number,
    /** Expected units a day for (warehouse, sku, day): the plan the buyers work from. */
    private readonly planned: (warehouse: number, sku: number, day: number) => number,
  ) {
    const size = warehouses * catalog.skus.length;
    this.onHand = new Int32Array(size);
    this.#onOrder = new Int32Array(size);
    this.stocked = new Uint8Array(size);
    this.#rate = new Float64Array(size);
    this.#sold = new Float64Array(size);
    this.#bias = Float64Array.from({ length: catalog.skus.length }, () => logNormal(rng, 0.95, 0.3));
    this.#buckets = cal.dates.map(() => []);
    catalog.skus.forEach((sku, s) => {
      for (let w = 0; w < warehouses; w++) this.stocked[w * catalog.skus.length + s] = w === 0 || sku.regional ? 1 : 0;
    });
  }

  #key = (w: number, s: number) => w * this.catalog.skus.length + s;

  #apply(a: Arrival): void {
    const k = this.#key(a.warehouse, a.sku);
    this.onHand[k]! += a.quantity;
    if (a.kind === 'receipt') this.#onOrder[k]! -= a.quantity;
    this.movements.push({ warehouse: a.warehouse, sku: a.sku, kind: a.kind, quantity: a.quantity, at: a.at,
      refType: a.kind === 'receipt' ? 'supplier' : 'refund', refId: a.kind === 'receipt' ? a.supplier : a.refId, note: a.kind === 'receipt' ? '采购入库' : '退货入库' });
  }

  /** Apply receipts and returns due by this instant (call in time order). */
  advanceTo(day: number, at: number): void {
    if (day !== this.#today) {
      this.#today = day;
      this.#next = 0;
      this.#buckets[day]!.sort((a, b) => a.at - b.at);
    }
    const bucket = this.#buckets[day]!;
    while (this.#next < bucket.length && bucket[this.#next]!.at <= at) this.#apply(bucket[this.#next++]!);
  }

  available(w: number, s: number, qty: number): boolean {
    return this.stocked[this.#key(w, s)] === 1 && this.onHand[this.#key(w, s)]! >= qty;
  }

  take(w: number, s: number, qty: number, at: number, orderId: number): void {
    const k = this.#key(w, s);
    if (this.onHand[k]! < qty) throw new Error('simulator: sale beyond stock');
    this.onHand[k]! -= qty;
    this.#sold[k]! += qty;
    this.movements.push({ warehouse: w, sku: s, kind: 'sale', quantity: -qty, at, refType: 'order', refId: orderId, note: null });
  }

  /** Goods coming back on a later day. */
  scheduleReturn(w: number, s: number, qty: number, at: number, refundId: number): void {
    const day = Math.floor((at - this.cal.dayStart[0]!) / DAY_MS);
    if (day <= this.#today || day >= this.#buckets.length) return;
    this.#buckets[day]!.push({ at, warehouse: w, sku: s, quantity: qty, kind: 'return', refId: refundId, supplier: null });
  }

  #order(w: number, s: number, qty: number, arrival: number): void {
    const primary = this.catalog.skus[s]!.suppliers.find((l) => l.primary)!;
    this.#onOrder[this.#key(w, s)]! += qty;
    if (arrival < this.#buckets.length) {
      this.#buckets[arrival]!.push({ at: this.cal.dayStart[arrival]! + 9 * HOUR_MS + Math.floor(this.rng.next() * 6 * HOUR_MS), warehouse: w, sku: s, quantity: qty, kind: 'receipt', refId: null, supplier: primary.supplier });
    }
  }

  /** Opening stock for what is on sale at the start, landed the day before the period. */
  open(): void {
    this.catalog.skus.forEach((sku, s) => {
      if (this.catalog.products[sku.product]!.launchDay > 0) return;
      for (let w = 0; w < this.warehouses; w++) {
        const k = this.#key(w, s);
        if (!this.stocked[k]) continue;
        this.#rate[k] = this.planned(w, s, 0);
        const qty = Math.max(sku.suppliers[0]!.minOrderQty, Math.ceil(this.#rate[k]! * 40 / 10) * 10);
        this.#apply({ at: this.cal.dayStart[0]! - 14 * HOUR_MS, warehouse: w, sku: s, quantity: qty, kind: 'receipt', refId: null, supplier: sku.suppliers[0]!.supplier });
        this.#onOrder[k]! += qty;
      }
    });
  }

  /** Close the day: apply what is left, update the demand estimate and reorder. */
  endOfDay(day: number): void {
    this.advanceTo(day, Number.POSITIVE_INFINITY);
    const n = this.cal.dates.length;
    this.catalog.skus.forEach((sku, s) => {
      const product = this.catalog.products[sku.product]!;
      const primary = sku.suppliers.find((l) => l.primary)!;
      const lead = primary.leadTimeDays;
      // Stop buying a product a month before it leaves the range; stock up before a launch.
      const orderable = day + lead + 3 >= product.launchDay && (product.retireDay === null || day < product.retireDay - 30);
      for (let w = 0; w < this.warehouses; w++) {
        const k = this.#key(w, s);
        if (!this.stocked[k]) continue;
        this.#rate[k] = 0.92 * this.#rate[k]! + 0.08 * this.#sold[k]!;
        this.#sold[k] = 0;
        if (!orderable) continue;
        const ahead = Math.min(n - 1, day + lead + 7);
        const plan = this.planned(w, s, ahead) * this.#bias[s]!;
        const rate = Math.max(0.5 * this.#rate[k]! + 0.5 * plan, plan * 0.7, 0.02);
        const position = this.onHand[k]! + this.#onOrder[k]!;
        if (position > rate * (lead + 6)) continue;
        const qty = Math.max(primary.minOrderQty, Math.ceil((rate * (lead + 30) - position) / 10) * 10);
        let arrival = day + Math.max(2, Math.round(lead * uniform(this.rng, 0.85, 1.2)));
        if (chance(this.rng, 0.06)) arrival += intBetween(this.rng, 5, 15);
        this.#order(w, s, qty, arrival);
      }
    });
  }
}
