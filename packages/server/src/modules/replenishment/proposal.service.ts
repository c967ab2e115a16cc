import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { audit, type Actor } from '../identity/index.js';
import { adjustStock, receiveStock } from '../inventory/index.js';
import { purchaseOrderLines, purchaseOrders, replenishmentProposals } from './replenishment.tables.js';

export interface ProposalView {
  id: number; asOf: string; skuId: number; skuCode: string; skuName: string; warehouseId: number; warehouseCode: string; kind: 'purchase' | 'transfer';
  supplierId: number | null; supplierName: string | null; fromWarehouseId: number | null; fromWarehouseCode: string | null; quantity: number;
  unitCost: number | null; amount: number | null; orderBy: string; expectedArrival: string | null; reason: string; status: string;
  decidedBy: string | null; purchaseOrderId: number | null;
}

export async function listProposals(db: Tx, q: { asOf?: string | undefined; status?: string | undefined; limit?: number }): Promise<ProposalView[]> {
  return queryRows<ProposalView>(db, sql`
    select p.id, p.as_of as "asOf", p.sku_id as "skuId", k.code as "skuCode", k.name as "skuName", p.warehouse_id as "warehouseId", w.code as "warehouseCode",
      p.kind, p.supplier_id as "supplierId", s.name as "supplierName", p.from_warehouse_id as "fromWarehouseId", fw.code as "fromWarehouseCode",
      p.quantity, p.unit_cost as "unitCost", p.amount, p.order_by as "orderBy", p.expected_arrival as "expectedArrival", p.reason, p.status,
      p.decided_by as "decidedBy", p.purchase_order_id as "purchaseOrderId"
    from replenishment_proposals p join skus k on k.id = p.sku_id join warehouses w on w.id = p.warehouse_id
    left join suppliers s on s.id = p.supplier_id left join warehouses fw on fw.id = p.from_warehouse_id
    where (${q.asOf ?? null}::date is null or p.as_of = ${q.asOf ?? null}::date) and (${q.status ?? null}::text is null or p.status = ${q.status ?? null}::text)
    order by p.as_of desc, p.status = 'proposed' desc, p.amount desc nulls last, p.id limit ${q.limit ?? 500}`);
}

async function lockProposal(tx: Tx, id: number) {
  const [p] = await tx.select().from(replenishmentProposals).where(eq(replenishmentProposals.id, id)).for('update');
  if (!p) throw new AppError('not_found', `No proposal ${id}`, { id });
  if (p.status !== 'proposed') throw new AppError('conflict', `Proposal ${id} is already ${p.status}`, { id, status: p.status });
  return p;
}

/**
 * Approve a proposal, optionally with an edited quantity. A purchase becomes a purchase order (one
 * per approval, at the proposal's unit cost); a transfer moves the units at once through the
 * inventory service (out of the central warehouse as an adjustment, into the regional one as a receipt).
 */
export async function approveProposal(db: Tx, actor: Actor, id: number, edit: { quantity?: number | undefined }, at: Date): Promise<ProposalView> {
  if (edit.quantity !== undefined && !(Number.isInteger(edit.quantity) && edit.quantity > 0)) {
    throw new AppError('validation_failed', 'body.quantity: a positive whole number of units', { issues: [{ field: 'body.quantity', message: 'must be a positive integer' }] });
  }
  await db.transaction(async (tx) => {
    const p = await lockProposal(tx, id);
    const quantity = edit.quantity ?? p.quantity;
    let poId: number | null = null;
    if (p.kind === 'purchase') {
      const unitCost = p.unitCost ?? 0;
      const [po] = await tx.insert(purchaseOrders).values({
        supplierId: p.supplierId!, warehouseId: p.warehouseId, expectedAt: p.expectedArrival, totalAmount: quantity * unitCost, createdBy: actor.name,
      }).returning({ id: purchaseOrders.id });
      poId = po!.id;
      await tx.insert(purchaseOrderLines).values({ purchaseOrderId: poId, skuId: p.skuId, quantity, unitCost, proposalId: p.id });
    } else {
      const note = `transfer for proposal ${p.id}`;
      await adjustStock(tx, actor, { warehouseId: p.fromWarehouseId!, skuId: p.skuId, delta: -quantity, reason: note }, at);
      await receiveStock(tx, actor, { warehouseId: p.warehouseId, skuId: p.skuId, quantity, note }, at);
    }
    await tx.update(replenishmentProposals).set({
      status: 'approved', quantity, amount: p.unitCost === null ? null : quantity * p.unitCost, decidedBy: actor.name, decidedAt: at, purchaseOrderId: poId,
    }).where(eq(replenishmentProposals.id, id));
    await audit(tx, actor, { action: 'approve', entity: 'replenishment_proposal', entityId: String(id), before: { quantity: p.quantity, status: p.status }, after: { quantity, status: 'approved', purchaseOrderId: poId } });
  });
  return (await listProposals(db, {})).find((p) => p.id === id)!;
}

export async function rejectProposal(db: Tx, actor: Actor, id: number, reason: string | undefined, at: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const p = await lockProposal(tx, id);
    await tx.update(replenishmentProposals).set({ status: 'rejected', decidedBy: actor.name, decidedAt: at }).where(eq(replenishmentProposals.id, id));
    await audit(tx, actor, { action: 'reject', entity: 'replenishment_proposal', entityId: String(id), before: { status: p.status }, after: { status: 'rejected' }, details: { reason: reason ?? null } });
  });
}

export interface PurchaseOrderView {
  id: number; supplierId: number; supplierName: string; warehouseId: number; warehouseCode: string; status: string; expectedAt: string | null;
  totalAmount: number; createdBy: string; lines: { id: number; skuId: number; skuCode: string; quantity: number; receivedQuantity: number; unitCost: number }[];
}

export async function listPurchaseOrders(db: Tx, q: { status?: string | undefined; id?: number }): Promise<PurchaseOrderView[]> {
  const pos = await queryRows<Omit<PurchaseOrderView, 'lines'>>(db, sql`
    select p.id, p.supplier_id as "supplierId", s.name as "supplierName", p.warehouse_id as "warehouseId", w.code as "warehouseCode", p.status,
      p.expected_at as "expectedAt", p.total_amount as "totalAmount", p.created_by as "createdBy"
    from purchase_orders p join suppliers s on s.id = p.supplier_id join warehouses w on w.id = p.warehouse_id
    where (${q.status ?? null}::text is null or p.status = ${q.status ?? null}::text) and (${q.id ?? null}::int8 is null or p.id = ${q.id ?? null}::int8)
    order by p.id desc limit 500`);
  const lines = await queryRows<PurchaseOrderView['lines'][number] & { poId: number }>(db, sql`
    select l.id, l.purchase_order_id as "poId", l.sku_id as "skuId", k.code as "skuCode", l.quantity, l.received_quantity as "receivedQuantity", l.unit_cost as "unitCost"
    from purchase_order_lines l join skus k on k.id = l.sku_id order by l.id`);
  return pos.map((p) => ({ ...p, lines: lines.filter((l) => l.poId === p.id).map(({ poId: _po, ...l }) => l) }));
}

/**
 * Goods of a purchase order arrived: each line's outstanding units (or the given quantities) are
 * received through the inventory service; the order is `received` once every line is complete.
 */
export async function receivePurchaseOrder(db: Tx, actor: Actor, poId: number, quantities: Record<number, number> | undefined, at: Date): Promise<PurchaseOrderView> {
  await db.transaction(async (tx) => {
    const [po] = await tx.select().from(purchaseOrders).where(eq(purchaseOrders.id, poId)).for('update');
    if (!po) throw new AppError('not_found', `No purchase order ${poId}`, { id: poId });
    if (po.status !== 'open') throw new AppError('conflict', `Purchase order ${poId} is ${po.status}`, { id: poId, status: po.status });
    const lines = await tx.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.purchaseOrderId, poId));
    let complete = true;
    for (const l of lines) {
      const open = l.quantity - l.receivedQuantity;
      const q = quantities?.[l.id] ?? open;
      if (!Number.isInteger(q) || q < 0 || q > open) throw new AppError('validation_failed', `body.lines.${l.id}: receive 0 to ${open} units`, { issues: [{ field: `body.lines.${l.id}`, message: `0 to ${open}` }] });
      if (q > 0) {
        await receiveStock(tx, actor, { warehouseId: po.warehouseId, skuId: l.skuId, quantity: q, note: `purchase order ${poId}` }, at);
        await tx.update(purchaseOrderLines).set({ receivedQuantity: l.receivedQuantity + q }).where(and(eq(purchaseOrderLines.id, l.id)));
      }
      if (l.receivedQuantity + q < l.quantity) complete = false;
    }
    if (complete) await tx.update(purchaseOrders).set({ status: 'received' }).where(eq(purchaseOrders.id, poId));
    await audit(tx, actor, { action: 'receive', entity: 'purchase_order', entityId: String(poId), before: { status: po.status }, after: { status: complete ? 'received' : 'open' } });
  });
  return (await listPurchaseOrders(db, { id: poId }))[0]!;
}
