import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase, type Database, type Driver } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { initStore } from '../modules/store/index.js';
import { PiiCipher } from '../security/pii-cipher.js';

/** The drivers the suite runs on: PGlite always, PostgreSQL too when DATABASE_URL is set. */
export const testDrivers: Driver[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDb {
  database: Database;
  cipher: PiiCipher;
  close(): Promise<void>;
}

/** A fresh, migrated database: PGlite in memory, or a new database on the PostgreSQL server. */
export async function createTestDb(driver: Driver): Promise<TestDb> {
  const cipher = new PiiCipher(randomBytes(32));
  if (driver === 'pglite') {
    const database = await openDatabase({ driver: 'pglite' });
    await migrate(database);
    await initStore(database.db, cipher.fingerprint);
    return { database, cipher, close: () => database.close() };
  }
  const base = new URL(process.env.DATABASE_URL!);
  const name = `zg_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({ driver: 'postgres', url: url.toString(), poolSize: 20 });
  await migrate(database);
  await initStore(database.db, cipher.fingerprint);
  return {
    database,
    cipher,
    async close() {
      await database.close();
      const a = new pg.Client({ connectionString: base.toString() });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/**
 * Declare the same suite once per driver (as Hono runs one router suite against every router):
 * `forEachDriver('orders', (t) => { it(..., () => t().database ...) })`.
 */
export function forEachDriver(name: string, suite: (ctx: () => TestDb, driver: Driver) => void): void {
  for (const driver of testDrivers) {
    describe(`${name} [${driver}]`, () => {
      let ctx: TestDb | undefined;
      beforeAll(async () => {
        ctx = await createTestDb(driver);
      });
      afterAll(async () => {
        await ctx?.close();
      });
      suite(() => {
        if (!ctx) throw new Error('test database not ready');
        return ctx;
      }, driver);
    });
  }
}
