import { sql } from 'drizzle-orm';
import { char, check, pgTable, smallint, text } from 'drizzle-orm/pg-core';
import { tstz } from '../../db/columns.js';

/** The one row of store-wide settings. */
export const storeSettings = pgTable('store_settings', {
  id: smallint('id').primaryKey().default(1),
  name: text('name').notNull().default('我的店铺'),
  currency: char('currency', { length: 3 }).notNull().default('CNY'),
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
  /** Fingerprint of the encryption key personal data was written with, to refuse a wrong key. */
  keyFingerprint: text('key_fingerprint'),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
}, (t) => [check('store_settings_singleton', sql`${t.id} = 1`)]);
