import { planPurchase, type SupplierOffer } from '@zhanggui/algorithms';
import { sql } from 'drizzle-orm';
import { insertUnnest } from '../../db/bulk.js';
import { queryRows, type Tx } from '../../db/client.js';
import type { PipelineStep } from '../../pipeline/pipeline.types.js';
import type { PriceBreak } from './replenishment.tables.js';
import { getReplenishmentSettings } from './settings.service.js';

const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

interface PolicyRecord {
  sku_id: number; warehouse_id: number; kind: string; code: string; abc: string; xyz: string; service_level: number;
  safety_stock: number; reorder_point: number; order_up_to: number; available: number; on_order: number;
  stockout_date: string | null; reorder_now: boolean; suggested_quantity: number;
}

export interface ProposalDraft {
  skuId: number; warehouseId: number; kind: 'purchase' | 'transfer'; supplierId: number | null; fromWarehouseId: number | null;
  quantity: number; unitCost: number | null; amount: number | null; orderBy: string; expectedArrival: string | null; reason: string;
}

/** Supplier offers per SKU: catalog's sku_suppliers with the purchasing terms where recorded. */
async function loadOffers(tx: Tx): Promise<Map<number, SupplierOffer[]>> {
  const rows = await queryRows<{ sku_id: number; supplier_id: number; name: string; lead_time_days: number; min_order_qty: number; unit_cost: number;
    pack_size: number | null; price_breaks: PriceBreak[] | string | null; reliability: number | null; capacity: number | null }>(tx, sql`
    select ss.sku_id, ss.supplier_id, s.name, ss.lead_time_days, ss.min_order_qty, ss.unit_cost, t.pack_size, t.price_breaks, t.reliability, t.capacity
    from sku_suppliers ss join suppliers s on s.id = ss.supplier_id
    left join supplier_terms t on t.sku_id = ss.sku_id and t.supplier_id = ss.supplier_id order by 1, 2`);
  const out = new Map<number, SupplierOffer[]>();
  for (const r of rows) {
    const breaks = typeof r.price_breaks === 'string' ? (JSON.parse(r.price_breaks) as PriceBreak[]) : (r.price_breaks ?? []);
    const list = out.get(Number(r.sku_id)) ?? [];
    list.push({
      supplierId: Number(r.supplier_id), name: r.name, leadTimeDays: Number(r.lead_time_days), moq: Number(r.min_order_qty), packSize: Number(r.pack_size ?? 1),
      unitCost: Number(r.unit_cost), priceBreaks: breaks.map((b) => ({ minQty: Number(b.minQty), unitCost: Number(b.unitCost) })),
      reliability: Number(r.reliability ?? 1), capacity: r.capacity === null ? null : Number(r.capacity),
    });
    out.set(Number(r.sku_id), list);
  }
  return out;
}

/**
 * The proposals for an as-of date from its inventory policies (docs/inventory.md "Proposals"): for
 * each SKU × warehouse at or below its reorder point, the need (order-up-to − position, at least
 * EOQ) less what was already approved that day; a regional warehouse first takes what the central
 * warehouse holds above its own reorder point (a transfer), the rest is bought by planPurchase.
 */
export async function draftProposals(tx: Tx, asOf: string, maxShare = 1): Promise<ProposalDraft[]> {
  const policies = await queryRows<PolicyRecord>(tx, sql`
    select p.sku_id, p.warehouse_id, w.kind, w.code, p.abc, p.xyz, p.service_level, p.safety_stock, p.reorder_point, p.order_up_to, p.available, p.on_order,
      p.stockout_date, p.reorder_now, p.suggested_quantity
    from inventory_policies p join warehouses w on w.id = p.warehouse_id where p.as_of = ${asOf}::date
    order by (w.kind = 'central'), p.sku_id, p.warehouse_id`);
  const approved = await queryRows<{ sku_id: number; warehouse_id: number; units: number }>(tx, sql`
    select sku_id, warehouse_id, sum(quantity) as units from replenishment_proposals where as_of = ${asOf}::date and status = 'approved' group by 1, 2`);
  const done = new Map(approved.map((r) => [`${r.sku_id}:${r.warehouse_id}`, Number(r.units)]));
  const offers = await loadOffers(tx);
  const central = new Map<number, PolicyRecord & { surplus: number }>();
  for (const p of policies) {
    if (p.kind === 'central' && !central.has(Number(p.sku_id))) central.set(Number(p.sku_id), { ...p, surplus: Math.max(0, Number(p.available) - Number(p.reorder_point)) });
  }
  const out: ProposalDraft[] = [];
  for (const p of policies) {
    if (!p.reorder_now) continue;
    const skuId = Number(p.sku_id);
    const warehouseId = Number(p.warehouse_id);
    let need = Number(p.suggested_quantity) - (done.get(`${skuId}:${warehouseId}`) ?? 0);
    if (need <= 0) continue;
    const why = `available ${p.available} + on order ${p.on_order} ≤ reorder point ${p.reorder_point} (safety stock ${p.safety_stock}, class ${p.abc}${p.xyz} at ${Math.round(p.service_level * 1000) / 10}% service)`
      + `${p.stockout_date ? `, stockout projected ${p.stockout_date}` : ''}; order up to ${p.order_up_to} → ${need}`;
    const c = central.get(skuId);
    if (p.kind !== 'central' && c && c.warehouse_id !== p.warehouse_id && c.surplus > 0) {
      const t = Math.min(need, c.surplus);
      c.surplus -= t;
      out.push({
        skuId, warehouseId, kind: 'transfer', supplierId: null, fromWarehouseId: Number(c.warehouse_id), quantity: t, unitCost: null, amount: null,
        orderBy: asOf, expectedArrival: null,
        reason: `${why}; central ${c.code} holds ${c.available}, ${c.surplus + t} above its reorder point ${c.reorder_point}: transfer ${t} before buying`,
      });
      need -= t;
    }
    if (need <= 0) continue;
    const lines = planPurchase(need, offers.get(skuId) ?? [], {
      arriveWithinDays: p.stockout_date ? daysBetween(asOf, p.stockout_date) : null, maxShare,
    });
    for (const l of lines) {
      out.push({
        skuId, warehouseId, kind: 'purchase', supplierId: l.supplierId, fromWarehouseId: null, quantity: l.quantity, unitCost: l.unitCost, amount: l.amount,
        orderBy: asOf, expectedArrival: addDays(asOf, l.leadTimeDays), reason: `${why}; ${l.reason}`,
      });
    }
  }
  return out;
}

/** `replenishment-proposals`: replaces the still-undecided proposals of the as-of date. */
export async function runProposals(tx: Tx, asOf: string): Promise<{ rows: number }> {
  const drafts = await draftProposals(tx, asOf, (await getReplenishmentSettings(tx)).maxSupplierShare);
  await tx.execute(sql`delete from replenishment_proposals where as_of = ${asOf}::date and status = 'proposed'`);
  if (drafts.length === 0) return { rows: 0 };
  const cols: [string, 'date' | 'int8' | 'int4' | 'text', (d: ProposalDraft) => unknown][] = [
    ['as_of', 'date', () => asOf], ['sku_id', 'int8', (d) => d.skuId], ['warehouse_id', 'int8', (d) => d.warehouseId], ['kind', 'text', (d) => d.kind],
    ['supplier_id', 'int8', (d) => d.supplierId], ['from_warehouse_id', 'int8', (d) => d.fromWarehouseId], ['quantity', 'int4', (d) => d.quantity],
    ['unit_cost', 'int8', (d) => d.unitCost], ['amount', 'int8', (d) => d.amount], ['order_by', 'date', (d) => d.orderBy],
    ['expected_arrival', 'date', (d) => d.expectedArrival], ['reason', 'text', (d) => d.reason],
  ];
  await insertUnnest(tx, 'replenishment_proposals', cols.map(([name, type]) => ({ name, type })), cols.map(([, , get]) => drafts.map(get)));
  return { rows: drafts.length };
}

export const proposalsStep: PipelineStep = {
  name: 'replenishment-proposals',
  description: 'Replenishment proposals (补货建议): transfers from the central warehouse, then purchases by supplier terms, with the reason',
  dependsOn: ['inventory-policy'],
  run: ({ tx, asOf }) => runProposals(tx, asOf),
};
