import { DEFAULT_SERVICE_LEVELS, type ServiceLevels } from '@zhanggui/algorithms';
import { eq } from 'drizzle-orm';
import { AppError } from '../../errors.js';
import { audit, type Actor } from '../identity/index.js';
import type { Tx } from '../../db/client.js';
import { replenishmentSettings } from './replenishment.tables.js';

export interface ReplenishmentSettings {
  abcBasis: 'gmv' | 'margin';
  abcA: number;
  abcB: number;
  xyzX: number;
  xyzY: number;
  serviceLevels: ServiceLevels;
  orderCost: number | null;
  holdingRate: number;
  lookbackDays: number;
  maxSupplierShare: number;
}

export const DEFAULT_SETTINGS: ReplenishmentSettings = {
  abcBasis: 'gmv', abcA: 0.8, abcB: 0.95, xyzX: 0.5, xyzY: 1, serviceLevels: DEFAULT_SERVICE_LEVELS, orderCost: null, holdingRate: 0.25, lookbackDays: 364, maxSupplierShare: 1,
};

/** The settings row merged over the defaults (service levels cell by cell). */
export async function getReplenishmentSettings(db: Tx): Promise<ReplenishmentSettings> {
  const [row] = await db.select().from(replenishmentSettings).where(eq(replenishmentSettings.id, 1));
  if (!row) return DEFAULT_SETTINGS;
  return {
    abcBasis: row.abcBasis === 'margin' ? 'margin' : 'gmv', abcA: row.abcA, abcB: row.abcB, xyzX: row.xyzX, xyzY: row.xyzY,
    serviceLevels: { ...DEFAULT_SERVICE_LEVELS, ...(row.serviceLevels ?? {}) }, orderCost: row.orderCost, holdingRate: row.holdingRate, lookbackDays: row.lookbackDays,
    maxSupplierShare: row.maxSupplierShare,
  };
}

/** Merge and store (service levels cell by cell); the merged thresholds must stay ordered. Audited when an actor is given. */
export async function saveReplenishmentSettings(db: Tx, s: Partial<Omit<ReplenishmentSettings, 'serviceLevels'> & { serviceLevels: Partial<ServiceLevels> }>, actor?: Actor): Promise<ReplenishmentSettings> {
  const before = await getReplenishmentSettings(db);
  const merged: ReplenishmentSettings = { ...before, ...s, serviceLevels: { ...before.serviceLevels, ...(s.serviceLevels ?? {}) } as ServiceLevels };
  if (!(merged.abcA < merged.abcB)) throw new AppError('validation_failed', `body.abcA: must be below abcB (${merged.abcB})`, { issues: [{ field: 'body.abcA', message: 'must be below abcB' }] });
  if (!(merged.xyzX < merged.xyzY)) throw new AppError('validation_failed', `body.xyzX: must be below xyzY (${merged.xyzY})`, { issues: [{ field: 'body.xyzX', message: 'must be below xyzY' }] });
  const values = { ...merged, serviceLevels: merged.serviceLevels as Record<string, number>, updatedAt: new Date() };
  await db.insert(replenishmentSettings).values({ id: 1, ...values }).onConflictDoUpdate({ target: replenishmentSettings.id, set: values });
  if (actor) await audit(db, actor, { action: 'update', entity: 'replenishment_settings', entityId: '1', before, after: merged });
  return merged;
}
