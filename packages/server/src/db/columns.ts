import { bigint, text, timestamp } from 'drizzle-orm/pg-core';

/** Surrogate key: bigint identity, read as a JS number (ids stay far below 2^53). */
export const id = () => bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity();
/** A reference to another table's id. */
export const ref = (name: string) => bigint(name, { mode: 'number' });
/** Money in minor units of the store currency (分 for CNY). */
export const money = (name: string) => bigint(name, { mode: 'number' });
export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const createdAt = () => tstz('created_at').notNull().defaultNow();
/** Provenance of an imported row; `(source, external_id)` is unique so a re-import never duplicates. */
export const provenance = () => ({
  source: text('source').notNull().default('api'),
  externalId: text('external_id'),
});
