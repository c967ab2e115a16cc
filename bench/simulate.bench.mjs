// Simulator throughput (rows/s) for the full default store (730 days, 20,000 customers, seed 42)
// on PGlite and on PostgreSQL, with the plain cost of writing the same number of rows measured
// in the same run: one insertUnnest of a narrow 3-column table, the floor any loader pays.
import { sql } from 'drizzle-orm';
import { openBenchPlatform, server, writeResult } from './lib.mjs';

const DAYS = Number(process.env.BENCH_SIM_DAYS ?? 730);
const CUSTOMERS = Number(process.env.BENCH_SIM_CUSTOMERS ?? 20000);
const { simulateStore } = await server('ingest/simulator/index.js');
const { insertUnnest } = await server('db/bulk.js');

const results = [];
for (const driver of ['pglite', 'postgres']) {
  const { platform, close } = await openBenchPlatform(driver);
  try {
    const s = performance.now();
    const summary = await simulateStore(platform, { days: DAYS, customers: CUSTOMERS, seed: 42, endDate: '2026-03-31' });
    const seconds = (performance.now() - s) / 1000;
    const rows = Object.values(summary.rows).reduce((a, b) => a + b, 0);

    const { db } = platform.database;
    await db.execute(sql`create table bench_floor (a int8, b int8, c text)`);
    const ids = Array.from({ length: rows }, (_, i) => i);
    const f = performance.now();
    await db.transaction((tx) => insertUnnest(tx, 'bench_floor', [{ name: 'a', type: 'int8' }, { name: 'b', type: 'int8' }, { name: 'c', type: 'text' }], [ids, ids, ids.map(String)]));
    const floorSeconds = (performance.now() - f) / 1000;
    results.push({ driver, days: DAYS, customers: CUSTOMERS, rows, seconds: +seconds.toFixed(1), rowsPerSecond: Math.round(rows / seconds),
      floorSeconds: +floorSeconds.toFixed(1), floorRowsPerSecond: Math.round(rows / floorSeconds), simulateOverFloorTime: +(seconds / floorSeconds).toFixed(2),
      orders: summary.rows.orders, sessions: summary.rows.traffic_sessions });
    console.error(results.at(-1));
  } finally {
    await close();
  }
}
await writeResult('simulate', { note: 'simulate = generate + encrypt PII + write every table + rebuild indexes, one transaction; floor = the same number of rows into a 3-column table', results });
