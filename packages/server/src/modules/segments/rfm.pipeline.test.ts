import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { importFile } from '../../ingest/index.js';
import { addDays } from '../../lib/business-date.js';
import { runPipeline } from '../../pipeline/runner.js';
import { forEachDriver } from '../../test-support/db.js';
import { rfmStep } from './rfm.pipeline.js';

/**
 * Fixture: ten buyers, as of 2025-12-31, each with `n` orders of `amount` cents three days apart,
 * the last one `last` days before the as-of date (all inside the 365-day window), plus c02's
 * order of 2023-05-01 (outside the window) and a prospect without orders. Expected scores worked
 * out by hand from the quintile rule (1 + ⌊5 · worse / 10⌋: ranks 1–2 → 1, …, 9–10 → 5), the
 * R × F grid and the strata rule (packages/algorithms/src/segmentation/rfm-groups.ts).
 */
const AS_OF = '2025-12-31';
const BUYERS = [
  { id: 'c01', last: 1, n: 10, amount: 100 },
  { id: 'c02', last: 2, n: 1, amount: 100 },
  { id: 'c03', last: 10, n: 6, amount: 100 },
  { id: 'c04', last: 20, n: 2, amount: 5000 },
  { id: 'c05', last: 40, n: 5, amount: 100 },
  { id: 'c06', last: 60, n: 3, amount: 100 },
  { id: 'c07', last: 100, n: 8, amount: 100 },
  { id: 'c08', last: 150, n: 4, amount: 100 },
  { id: 'c09', last: 200, n: 9, amount: 100 },
  { id: 'c10', last: 300, n: 7, amount: 100 },
];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-rfm-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function fixtureFile(): string {
  const lines = ['customer_id date number_of_cds dollar_value'];
  for (const b of BUYERS) {
    for (let k = 0; k < b.n; k++) lines.push(`${b.id} ${addDays(AS_OF, -(b.last + 3 * k)).replace(/-/g, '')} 1 ${(b.amount / 100).toFixed(2)}`);
  }
  lines.push('c02 20230501 1 1.00');
  const file = path.join(dir, 'fixture.txt');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

forEachDriver('rfm step', (t) => {
  const state = () => queryRows<Record<string, unknown>>(t().database.db, sql`
    select coalesce(c.external_id, 'prospect') as id, s.recency_days, s.frequency, s.monetary, s.r, s.f, s.m, s.rfm_group, s.stratum, s.lifecycle_stage, s.total_spend
    from customer_rfm s join customers c on c.id = s.customer_id order by 1`);
  const history = (ext: string) => queryRows<{ day: string; from_stage: string | null; to_stage: string }>(t().database.db, sql`
    select l.day, l.from_stage, l.to_stage from lifecycle_transitions l join customers c on c.id = l.customer_id
    where c.external_id = ${ext} order by l.day`);

  beforeAll(async () => {
    await importFile(t(), 'cdnow', fixtureFile());
    await t().database.db.execute(sql`insert into customers (source, external_id) values ('test', null)`);
  });

  it('scores, groups, stratifies and stages every customer', async () => {
    const [res] = await runPipeline(t().database, [rfmStep], { asOf: AS_OF });
    expect(res).toMatchObject({ status: 'succeeded', rows: 11 });
    const rows = (await state()).map((r) => [r.id, r.r, r.f, r.m, r.rfm_group, r.stratum, r.lifecycle_stage]);
    expect(rows).toEqual([
      ['c01', 5, 5, 5, 'champions', 'high_value', 'active'],
      ['c02', 5, 1, 1, 'new', 'growth', 'won_back'], // the 2023 order is outside the window but ends a 900-day gap
      ['c03', 4, 3, 3, 'active', 'growth', 'active'],
      ['c04', 4, 1, 5, 'promising', 'potential', 'active'], // 2 × ¥50: big spender, seldom
      ['c05', 3, 3, 2, 'needs_attention', 'basic', 'active'],
      ['c06', 3, 2, 1, 'needs_attention', 'basic', 'active'],
      ['c07', 2, 4, 4, 'at_risk', 'high_value', 'at_risk'], // 100 days: past the 90-day at-risk line
      ['c08', 2, 2, 2, 'almost_lost', 'basic', 'at_risk'],
      ['c09', 1, 5, 4, 'previously_loyal', 'high_value', 'churned'], // 200 days: past the 180-day churn line
      ['c10', 1, 4, 3, 'previously_loyal', 'basic', 'churned'],
      ['prospect', null, null, null, 'prospects', 'basic', null],
    ]);
    const c02 = (await state()).find((r) => r.id === 'c02')!;
    expect(c02).toMatchObject({ recency_days: 2, frequency: 1, monetary: 100, total_spend: 200 });
  });

  it('records each customer\'s lifecycle history by day, the same when run daily or at once', async () => {
    // c09: 9 orders from 2025-05-21 to 2025-06-14 (200 days before the as-of date); at risk on
    // day 91 after the last order, churned on day 181.
    const last = addDays(AS_OF, -200);
    expect(last).toBe('2025-06-14');
    const expected = [
      { day: addDays(last, -24), from_stage: null, to_stage: 'new' },
      { day: addDays(last, -21), from_stage: 'new', to_stage: 'active' },
      { day: '2025-09-13', from_stage: 'active', to_stage: 'at_risk' },
      { day: '2025-12-12', from_stage: 'at_risk', to_stage: 'churned' },
    ];
    expect(await history('c09')).toEqual(expected);
    // Back to the day before the churn: the stage is at risk; transitions dated after the as-of
    // date (written by the later run, from the same orders) are left as they are.
    await runPipeline(t().database, [rfmStep], { asOf: '2025-12-11' });
    expect(await history('c09')).toEqual(expected);
    const [stage] = await queryRows(t().database.db, sql`select s.lifecycle_stage from customer_rfm s join customers c on c.id = s.customer_id where c.external_id = 'c09'`);
    expect(stage).toEqual({ lifecycle_stage: 'at_risk' });
    // Daily runs across the churn day, then a repeat of the last day: one transition each, no duplicates.
    for (const d of ['2025-12-12', '2025-12-13', '2025-12-31', '2025-12-31']) await runPipeline(t().database, [rfmStep], { asOf: d });
    expect(await history('c09')).toEqual(expected);
    expect((await history('c02')).map((h) => h.to_stage)).toEqual(['new', 'at_risk', 'churned', 'won_back']);
  });
});
