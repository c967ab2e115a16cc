import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../db/client.js';
import { forEachDriver } from '../test-support/db.js';
import { listRuns, runPipeline } from './runner.js';
import type { PipelineStep } from './pipeline.types.js';

forEachDriver('pipeline runner', (t) => {
  beforeAll(async () => {
    await t().database.db.execute(sql`create table step_out (as_of date, step text, n int)`);
  });

  // A step that replaces its as-of rows, as real steps must.
  const writer = (name: string, dependsOn: string[] = [], fail = false): PipelineStep => ({
    name, description: name, dependsOn,
    async run({ tx, asOf, progress }) {
      await tx.execute(sql`delete from step_out where as_of = ${asOf} and step = ${name}`);
      await tx.execute(sql`insert into step_out select ${asOf}::date, ${name}, g from generate_series(1, 3) g`);
      progress(0.5);
      if (fail) throw new Error(`${name} broke`);
      return { rows: 3 };
    },
  });
  const rows = async () => queryRows<{ step: string; n: number }>(t().database.db, sql`select step, count(*) as n from step_out group by step order by step`);

  it('runs steps in order, records runs, and re-running replaces rather than adds', async () => {
    const steps = [writer('b', ['a']), writer('a')];
    const seen: string[] = [];
    const first = await runPipeline(t().database, steps, { asOf: '2026-01-01', onProgress: (s, f) => f === 1 && seen.push(s) });
    expect(first.map((r) => [r.step, r.status, r.rows])).toEqual([['a', 'succeeded', 3], ['b', 'succeeded', 3]]);
    expect(seen).toEqual(['a', 'b']);
    await runPipeline(t().database, steps, { asOf: '2026-01-01' });
    expect(await rows()).toEqual([{ step: 'a', n: 3 }, { step: 'b', n: 3 }]);
    const runs = await listRuns(t().database);
    expect(runs.filter((r) => r.status === 'succeeded')).toHaveLength(4);
  });

  it('rolls back a failed step, records its error, and does not run what depends on it', async () => {
    const steps = [writer('c', [], true), writer('d', ['c']), writer('e')];
    const res = await runPipeline(t().database, steps, { asOf: '2026-01-02' });
    expect(res.map((r) => [r.step, r.status, r.error])).toEqual([
      ['c', 'failed', 'c broke'], ['d', 'not_run', 'a step it depends on failed'], ['e', 'succeeded', undefined]]);
    expect((await rows()).map((r) => r.step)).toEqual(['a', 'b', 'e']);
    const [run] = (await listRuns(t().database)).filter((r) => r.step === 'c');
    expect(run).toMatchObject({ status: 'failed', error: 'c broke', asOf: '2026-01-02' });
    expect(run!.finishedAt).toBeInstanceOf(Date);
  });

  it('runs one step with its dependencies, and marks a run left behind by a dead process', async () => {
    const { db } = t().database;
    await db.execute(sql`insert into pipeline_runs (step, as_of, status) values ('g', '2026-01-01', 'running')`);
    const res = await runPipeline(t().database, [writer('f'), writer('g', ['f']), writer('h')], { asOf: '2026-01-03', step: 'g' });
    expect(res.map((r) => r.step)).toEqual(['f', 'g']);
    const stale = await queryRows<{ status: string; error: string }>(db, sql`select status, error from pipeline_runs where step = 'g' and as_of = '2026-01-01'`);
    expect(stale).toEqual([{ status: 'failed', error: 'interrupted' }]);
  });

  it('rejects a malformed as-of date', async () => {
    await expect(runPipeline(t().database, [], { asOf: '2026-1-1' })).rejects.toThrow(/asOf: expected YYYY-MM-DD/);
  });
});
