import { pgErrorOf, type Db, type Tx } from '../../db/client.js';

/**
 * Thrown inside a workflow's transaction to roll it back and hand `result` to the caller: an
 * expected outcome (stock short) that must leave nothing written.
 */
export class RollbackWith<T> extends Error {
  constructor(readonly result: T) {
    super('rolled back with a result');
    this.name = 'RollbackWith';
  }
}

// deadlock_detected and serialization_failure: PostgreSQL undid the transaction and running it
// again is the documented remedy. Nothing else is retried.
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

/**
 * Run `work` in one transaction. A `RollbackWith` rolls back and returns its result; a deadlock
 * (possible when orders and cancellations touch several SKUs at once) is retried a few times.
 */
export async function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (e) {
      if (e instanceof RollbackWith) return e.result as T;
      const code = pgErrorOf(e)?.code;
      if (attempt < ATTEMPTS && code && RETRYABLE.has(code)) continue;
      throw e;
    }
  }
}
