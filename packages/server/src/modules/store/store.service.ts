import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { audit, type Actor } from '../identity/index.js';
import { AppError } from '../../errors.js';
import { forgetRollups } from '../analytics/rollups.watermark.js';
import { storeSettings } from './store.tables.js';

export interface StoreSettings {
  name: string;
  currency: string;
  timeZone: string;
}

export async function getStoreSettings(db: Tx): Promise<StoreSettings> {
  const [row] = await db.select().from(storeSettings).where(eq(storeSettings.id, 1));
  if (!row) throw new Error('store settings are missing: the database has not been initialised');
  return { name: row.name, currency: row.currency, timeZone: row.timeZone };
}

export function validateTimeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    throw new AppError('validation_failed', `timeZone: '${tz}' is not an IANA time zone`, { field: 'timeZone' });
  }
}

/** Change settings; the change and its audit entry land together. */
export async function updateStoreSettings(db: Db, actor: Actor, patch: Partial<StoreSettings>): Promise<StoreSettings> {
  if (patch.timeZone !== undefined) validateTimeZone(patch.timeZone);
  if (patch.currency !== undefined && !/^[A-Z]{3}$/.test(patch.currency)) {
    throw new AppError('validation_failed', `currency: expected an ISO 4217 code such as CNY, got '${patch.currency}'`, { field: 'currency' });
  }
  if (patch.name !== undefined && patch.name.trim() === '') {
    throw new AppError('validation_failed', 'name: must not be empty', { field: 'name' });
  }
  return db.transaction(async (tx) => {
    const before = await getStoreSettings(tx);
    await tx.update(storeSettings).set({ ...patch, updatedAt: new Date() }).where(eq(storeSettings.id, 1));
    const after = await getStoreSettings(tx);
    // Business days move with the zone: the analytics rollups, cut by the old days, give way to
    // the facts until the next build, a full one.
    if (after.timeZone !== before.timeZone) await forgetRollups(tx);
    await audit(tx, actor, { action: 'update', entity: 'store_settings', entityId: 1, before, after });
    return after;
  });
}

/**
 * Create the settings row on first start and check that personal data in this database was
 * written with this install's key (a wrong key would make every customer unreadable).
 */
export async function initStore(db: Tx, keyFingerprint: string): Promise<void> {
  await db.insert(storeSettings).values({ id: 1, keyFingerprint }).onConflictDoNothing();
  const [row] = await db.select({ fp: storeSettings.keyFingerprint }).from(storeSettings).where(eq(storeSettings.id, 1));
  if (row?.fp == null) {
    await db.update(storeSettings).set({ keyFingerprint }).where(eq(storeSettings.id, 1));
  } else if (row.fp !== keyFingerprint) {
    throw new Error('The secret key does not match the one this database was written with. Set ZHANGGUI_SECRET_KEY to the original key (or restore secret.key in the data directory).');
  }
}
