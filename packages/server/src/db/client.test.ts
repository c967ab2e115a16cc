import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { openDatabase, queryRows } from './client.js';

const checkpointLsn = async (db: Parameters<typeof queryRows>[0]) =>
  (await queryRows<{ lsn: string }>(db, sql`select checkpoint_lsn::text as lsn from pg_control_checkpoint()`))[0]!.lsn;

it('the embedded driver checkpoints on its own timer (PGlite has no checkpointer), and stops when closed', async () => {
  const database = await openDatabase({ driver: 'pglite', checkpointIntervalMs: 50 });
  try {
    const before = await checkpointLsn(database.db);
    await database.db.execute(sql`create table wal_probe as select g, repeat('x', 100) as s from generate_series(1, 20000) g`);
    // Nothing in single-user mode checkpoints by itself; the driver's timer does within a few intervals.
    let after = before;
    for (let i = 0; i < 100 && after === before; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = await checkpointLsn(database.db);
    }
    expect(after).not.toBe(before);
  } finally {
    await database.close();
  }
  // Closed: the timer is gone, so nothing runs against the closed instance (an error would surface as an unhandled rejection).
  await new Promise((r) => setTimeout(r, 150));
});
