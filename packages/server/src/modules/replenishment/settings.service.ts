import { DEFAULT_SERVICE_LEVELS, type ServiceLevels } from '@zhanggui/algorithms';
import { eq } from 'drizzle-orm';
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
}

export const DEFAULT_SETTINGS: ReplenishmentSettings = {
  abcBasis: 'gmv', abcA: 0.8, abcB: 0.95, xyzX: 0.5, xyzY: 1, serviceLevels: DEFAULT_SERVICE_LEVELS, orderCost: null, holdingRate: 0.25, lookbackDays: 364,
};

/** The settings row merged over the defaults (service levels cell by cell). */
export async function getReplenishmentSettings(db: Tx): Promise<ReplenishmentSettings> {
  const [row] = await db.select().from(replenishmentSettings).where(eq(replenishmentSettings.id, 1));
  if (!row) return DEFAULT_SETTINGS;
  return {
    abcBasis: row.abcBasis === 'margin' ? 'margin' : 'gmv', abcA: row.abcA, abcB: row.abcB, xyzX: row.xyzX, xyzY: row.xyzY,
    serviceLevels: { ...DEFAULT_SERVICE_LEVELS, ...(row.serviceLevels ?? {}) }, orderCost: row.orderCost, holdingRate: row.holdingRate, lookbackDays: row.lookbackDays,
  };
}

export async function saveReplenishmentSettings(db: Tx, s: Partial<ReplenishmentSettings>): Promise<ReplenishmentSettings> {
  const merged = { ...(await getReplenishmentSettings(db)), ...s };
  const values = { ...merged, serviceLevels: merged.serviceLevels as Record<string, number>, updatedAt: new Date() };
  await db.insert(replenishmentSettings).values({ id: 1, ...values }).onConflictDoUpdate({ target: replenishmentSettings.id, set: values });
  return merged;
}
