import { and, asc, count, eq } from 'drizzle-orm';
import type { CreateWarehouseInput, WarehouseDto, WarehouseListQuery } from '@zhanggui/contracts';
import type { Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { audit, type Actor } from '../identity/index.js';
import { pageOf, rethrowConstraint } from '../../db/query-helpers.js';
import { warehouses } from './inventory.tables.js';

type WarehouseRow = typeof warehouses.$inferSelect;

const toDto = (w: WarehouseRow): WarehouseDto => ({
  id: w.id, code: w.code, name: w.name, kind: w.kind as WarehouseDto['kind'], region: w.region,
  city: w.city, lat: w.lat, lng: w.lng, canShip: w.canShip, unableReason: w.unableReason, createdAt: w.createdAt.toISOString(),
});

export async function listWarehouses(db: Tx, q: WarehouseListQuery) {
  const where = and(q.kind ? eq(warehouses.kind, q.kind) : undefined, q.region ? eq(warehouses.region, q.region) : undefined);
  const rows = await db.select().from(warehouses).where(where).orderBy(asc(warehouses.id)).limit(q.limit).offset(q.offset);
  const [total] = await db.select({ n: count() }).from(warehouses).where(where);
  return pageOf(rows.map(toDto), total?.n ?? 0, q);
}

/** One warehouse; `forShare` keeps its row (and so its `canShip`) from changing until the transaction ends. */
export async function getWarehouse(db: Tx, id: number, opts: { forShare?: boolean } = {}): Promise<WarehouseDto> {
  const query = db.select().from(warehouses).where(eq(warehouses.id, id));
  const [row] = opts.forShare ? await query.for('share') : await query;
  if (!row) throw new AppError('not_found', `No warehouse ${id}`, { entity: 'warehouse', id });
  return toDto(row);
}

export async function getWarehouseByCode(db: Tx, code: string): Promise<WarehouseDto> {
  const [row] = await db.select().from(warehouses).where(eq(warehouses.code, code));
  if (!row) throw new AppError('not_found', `No warehouse with code '${code}'`, { entity: 'warehouse', code });
  return toDto(row);
}

/**
 * Mark a warehouse able or unable to ship (outage, stock-take), inside the caller's transaction;
 * the row is locked so a concurrent change waits. Allocation leaves unable warehouses out.
 */
export async function setWarehouseShipping(tx: Tx, actor: Actor, id: number, input: { canShip: boolean; reason?: string | null | undefined }): Promise<{ before: WarehouseDto; after: WarehouseDto }> {
  const [row] = await tx.select().from(warehouses).where(eq(warehouses.id, id)).for('update');
  if (!row) throw new AppError('not_found', `No warehouse ${id}`, { entity: 'warehouse', id });
  const [updated] = await tx.update(warehouses).set({ canShip: input.canShip, unableReason: input.canShip ? null : (input.reason ?? null) })
    .where(eq(warehouses.id, id)).returning();
  const before = toDto(row);
  const after = toDto(updated!);
  await audit(tx, actor, { action: input.canShip ? 'resume_shipping' : 'stop_shipping', entity: 'warehouse', entityId: id, before, after, details: { reason: input.reason ?? null } });
  return { before, after };
}

export async function createWarehouse(db: Tx, actor: Actor, input: CreateWarehouseInput): Promise<WarehouseDto> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(warehouses).values({
        code: input.code, name: input.name, kind: input.kind, region: input.region,
        city: input.city ?? null, lat: input.lat ?? null, lng: input.lng ?? null,
      }).returning();
      const created = toDto(row!);
      await audit(tx, actor, { action: 'create', entity: 'warehouse', entityId: created.id, after: created });
      return created;
    });
  } catch (e) {
    rethrowConstraint(e, { warehouses_code_unique: { field: 'body.code', message: 'a warehouse with this code already exists' } });
  }
}
