import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Database } from './client.js';

/** The committed drizzle-kit migrations (src/db/migrations, also when running from dist/db). */
export const migrationsFolder = fileURLToPath(new URL('../../src/db/migrations', import.meta.url));

// Any number to identify "zhanggui migrations" among advisory locks.
const MIGRATION_LOCK = 727_001;

/**
 * Apply pending migrations. On PostgreSQL several processes may start at once, so they take an
 * advisory lock and apply one at a time (a migration already applied is skipped).
 */
export async function migrate(database: Database): Promise<void> {
  if (database.driver === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  const client = await database.pool!.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const single = drizzle({ client }) as unknown as NodePgDatabase;
    await migratePg(single, { migrationsFolder });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}
