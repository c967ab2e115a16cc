// Import throughput of the UCI Online Retail file (541,909 rows) on PGlite and on PostgreSQL,
// each against the same rows loaded by a plain COPY into an untyped-enough staging table in
// the same run: the ratio says what validation, mapping to orders/refunds and the unique
// (source, external_id) keys cost over the fastest way PostgreSQL can take the bytes.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { openBenchPlatform, server, sharedData, writeResult } from './lib.mjs';

const FILE = sharedData('online_retail/online_retail.csv.gz');
const csv = zlib.gunzipSync(fs.readFileSync(FILE));
const ROWS = csv.toString('utf8').split('\n').filter((l) => l.length > 0).length - 1;
const RAW_TABLE = `create table raw_online_retail (invoice text, stock_code text, description text, quantity int,
  invoice_date timestamp, unit_price numeric, customer_id text, country text)`;

async function copyBaseline(database) {
  if (database.driver === 'pglite') {
    await database.pglite.exec(RAW_TABLE);
    const t = performance.now();
    await database.pglite.query(`copy raw_online_retail from '/dev/blob' with (format csv, header true)`, [], { blob: new Blob([csv]) });
    return (performance.now() - t) / 1000;
  }
  const { from: copyFrom } = await import('pg-copy-streams');
  const client = await database.pool.connect();
  try {
    await client.query(RAW_TABLE);
    const t = performance.now();
    await pipeline(Readable.from([csv]), client.query(copyFrom('copy raw_online_retail from stdin with (format csv, header true)')));
    return (performance.now() - t) / 1000;
  } finally {
    client.release();
  }
}

const { importFile } = await server('ingest/index.js');
const { updateStoreSettings } = await server('modules/store/index.js');
const { SYSTEM_ACTOR } = await server('modules/identity/index.js');

const results = [];
for (const driver of ['pglite', 'postgres']) {
  const { platform, close } = await openBenchPlatform(driver);
  try {
    await updateStoreSettings(platform.database.db, SYSTEM_ACTOR, { currency: 'GBP', timeZone: 'Europe/London' });
    const copySeconds = await copyBaseline(platform.database);
    const t = performance.now();
    const summary = await importFile(platform, 'online-retail', FILE, {});
    const importSeconds = (performance.now() - t) / 1000;
    results.push({
      driver, rows: ROWS,
      importSeconds: +importSeconds.toFixed(2), importRowsPerSecond: Math.round(ROWS / importSeconds),
      copySeconds: +copySeconds.toFixed(2), copyRowsPerSecond: Math.round(ROWS / copySeconds),
      importOverCopyTime: +(importSeconds / copySeconds).toFixed(2),
      orders: summary.orders, refunds: summary.refunds,
    });
    console.error(results.at(-1));
  } finally {
    await close();
  }
}
await writeResult('import', { file: 'online_retail.csv.gz', note: 'import = gunzip + parse + validate + staging + set-based mapping, one transaction; copy = COPY of the decompressed CSV into a plain table', results });
