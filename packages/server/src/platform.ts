import type { Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { lockDataDir } from './db/data-dir.js';
import { migrate } from './db/migrate.js';
import { initStore } from './modules/store/index.js';
import { PiiCipher } from './security/pii-cipher.js';
import { loadOrCreateSecretKey } from './security/secret-key.js';
import path from 'node:path';

/** What every command and the HTTP app work with: the database and the install's cipher. */
export interface Platform {
  config: Config;
  database: Database;
  cipher: PiiCipher;
  close(): Promise<void>;
}

/**
 * Open the store: lock the data directory (embedded mode), open the database on the configured
 * driver, apply migrations, load the key and initialise the store settings.
 */
export async function openPlatform(config: Config): Promise<Platform> {
  const embedded = !config.databaseUrl;
  const release = embedded ? lockDataDir(config.dataDir) : () => {};
  try {
    const database = embedded
      ? await openDatabase({ driver: 'pglite', dataDir: path.join(config.dataDir, 'pgdata') })
      : await openDatabase({ driver: 'postgres', url: config.databaseUrl! });
    try {
      await migrate(database);
      const cipher = new PiiCipher(loadOrCreateSecretKey(config.dataDir, config.secretKey));
      await initStore(database.db, cipher.fingerprint);
      return {
        config,
        database,
        cipher,
        async close() {
          await database.close();
          release();
        },
      };
    } catch (e) {
      await database.close();
      throw e;
    }
  } catch (e) {
    release();
    throw e;
  }
}
