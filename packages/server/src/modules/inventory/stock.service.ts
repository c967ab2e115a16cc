import { and, asc, count, eq, gt, lte, sql } from 'drizzle-orm';
import type { AdjustStockInput, ReceiveStockInput, StockLevelDto, StockLevelListQuery } from '@zhanggui/contracts';
import type { Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { audit, type Actor } from '../identity/index.js';
import { findSaleSkus, skus } from '../catalog/index.js';
import { pageOf, rethrowConstraint } from '../../db/query-helpers.js';
import { stockLevels, stockMovements, warehouses } from './inventory.tables.js';

const available = sql<number>`(${stockLevels.onHand} - ${stockLevels.reserved} - ${stockLevels.safetyBuffer})`.mapWith(Number);

const levelColumns = {
  warehouseId: stockLevels.warehouseId, warehouseCode: warehouses.code, skuId: stockLevels.skuId, skuCode: skus.code, skuName: skus.name,
  onHand: stockLevels.onHand, reserved: stockLevels.reserved, safetyBuffer: stockLevels.safetyBuffer, available, updatedAt: stockLevels.updatedAt,
};
const toDto = (r: Omit<StockLevelDto, 'updatedAt'> & { updatedAt: Date }): StockLevelDto => ({ ...r, updatedAt: r.updatedAt.toISOString() });

const LEVEL_CONSTRAINTS = {
  stock_levels_warehouse_id_warehouses_id_fk: { field: 'body.warehouseId', message: 'no such warehouse' },
  stock_levels_sku_id_skus_id_fk: { field: 'body.skuId', message: 'no such SKU' },
};

export async function listStockLevels(db: Tx, q: StockLevelListQuery) {
  const where = and(
    q.skuId ? eq(stockLevels.skuId, q.skuId) : undefined,
    q.sku ? eq(skus.code, q.sku) : undefined,
    q.warehouseId ? eq(stockLevels.warehouseId, q.warehouseId) : undefined,
    q.stock === 'out' ? lte(available, 0) : undefined,
    q.stock === 'low' ? and(gt(available, 0), lte(available, q.lowThreshold)) : undefined,
    q.stock === 'in' ? gt(available, q.lowThreshold) : undefined,
  );
  const base = () => db.select(levelColumns).from(stockLevels)
    .innerJoin(warehouses, eq(warehouses.id, stockLevels.warehouseId)).innerJoin(skus, eq(skus.id, stockLevels.skuId));
  const rows = await base().where(where).orderBy(asc(stockLevels.skuId), asc(stockLevels.warehouseId)).limit(q.limit).offset(q.offset);
  const [total] = await db.select({ n: count() }).from(stockLevels).innerJoin(skus, eq(skus.id, stockLevels.skuId)).where(where);
  return pageOf(rows.map(toDto), total?.n ?? 0, q);
}

export async function getStockLevel(db: Tx, warehouseId: number, skuId: number): Promise<StockLevelDto> {
  const [row] = await db.select(levelColumns).from(stockLevels)
    .innerJoin(warehouses, eq(warehouses.id, stockLevels.warehouseId)).innerJoin(skus, eq(skus.id, stockLevels.skuId))
    .where(and(eq(stockLevels.warehouseId, warehouseId), eq(stockLevels.skuId, skuId)));
  if (!row) throw new AppError('not_found', `No stock of SKU ${skuId} in warehouse ${warehouseId}`, { warehouseId, skuId });
  return toDto(row);
}

async function resolveSkuId(db: Tx, ref: { skuId?: number | undefined; sku?: string | undefined }): Promise<number> {
  if (ref.skuId !== undefined) return ref.skuId;
  const { byCode } = await findSaleSkus(db, { ids: [], codes: [ref.sku!] });
  const found = byCode.get(ref.sku!);
  if (!found) throw new AppError('validation_failed', `body.sku: no SKU with code '${ref.sku}'`, { issues: [{ field: 'body.sku', message: 'no such SKU' }] });
  return found.id;
}

interface StockChange { warehouseId: number; skuId: number; delta: number; safetyBuffer?: number | undefined; kind: 'receipt' | 'adjustment'; note: string | null }

/**
 * Apply a physical change and record its movement in one transaction. The update is conditional
 * (never below the units reserved) so it cannot race with reservations into an impossible level.
 */
async function changeStock(db: Tx, actor: Actor, change: StockChange, at: Date): Promise<StockLevelDto> {
  try {
    return await db.transaction(async (tx) => {
      await tx.insert(stockLevels).values({ warehouseId: change.warehouseId, skuId: change.skuId }).onConflictDoNothing();
      const before = await getStockLevel(tx, change.warehouseId, change.skuId);
      const updated = await tx.update(stockLevels).set({
        onHand: sql`${stockLevels.onHand} + ${change.delta}`,
        ...(change.safetyBuffer === undefined ? {} : { safetyBuffer: change.safetyBuffer }),
        updatedAt: at,
      }).where(and(eq(stockLevels.warehouseId, change.warehouseId), eq(stockLevels.skuId, change.skuId),
        sql`${stockLevels.onHand} + ${change.delta} >= ${stockLevels.reserved}`)).returning({ onHand: stockLevels.onHand });
      if (updated.length === 0) {
        throw new AppError('conflict', `Cannot take ${-change.delta} units: ${before.onHand} on hand, ${before.reserved} reserved`, { onHand: before.onHand, reserved: before.reserved, delta: change.delta });
      }
      if (change.delta !== 0) {
        await tx.insert(stockMovements).values({
          warehouseId: change.warehouseId, skuId: change.skuId, kind: change.kind, quantity: change.delta, occurredAt: at, note: change.note,
        });
      }
      const after = await getStockLevel(tx, change.warehouseId, change.skuId);
      await audit(tx, actor, { action: change.kind === 'receipt' ? 'receive' : 'adjust', entity: 'stock_level', entityId: `${change.warehouseId}:${change.skuId}`, before, after, details: { note: change.note } });
      return after;
    });
  } catch (e) {
    rethrowConstraint(e, LEVEL_CONSTRAINTS);
  }
}

/** Goods arrived in a warehouse: on hand goes up and a `receipt` movement is written. */
export async function receiveStock(db: Tx, actor: Actor, input: ReceiveStockInput, at: Date): Promise<StockLevelDto> {
  const skuId = await resolveSkuId(db, input);
  return changeStock(db, actor, { warehouseId: input.warehouseId, skuId, delta: input.quantity, kind: 'receipt', note: input.note ?? null }, at);
}

/** A count correction (signed) and/or a new safety buffer; a quantity change writes an `adjustment` movement. */
export async function adjustStock(db: Tx, actor: Actor, input: AdjustStockInput, at: Date): Promise<StockLevelDto> {
  const skuId = await resolveSkuId(db, input);
  return changeStock(db, actor, { warehouseId: input.warehouseId, skuId, delta: input.delta, safetyBuffer: input.safetyBuffer, kind: 'adjustment', note: input.reason }, at);
}
