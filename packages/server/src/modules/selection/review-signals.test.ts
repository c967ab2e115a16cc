// Review topic trends (service desk) feeding the selection score of each SKU (numbers by hand).
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { forEachDriver } from '../../test-support/db.js';
import { AS_OF, seedPolicyFixture } from '../replenishment/policy-fixture.js';
import { runProductLifecycle } from './lifecycle.pipeline.js';
import { listSkuLifecycle, reviewSignals } from './selection.service.js';

describe('reviewSignals', () => {
  it('weights the mean rating by reviews and names the most complained-about topic', () => {
    const m = reviewSignals([
      { productId: 1, topic: 'logistics', reviews: 3, negative: 2, avgRating: 2 },
      { productId: 1, topic: 'quality', reviews: 1, negative: 0, avgRating: 5 },
      { productId: 1, topic: 'logistics', reviews: 1, negative: 1, avgRating: 1 },
      { productId: 2, topic: 'quality', reviews: 2, negative: 0, avgRating: 4.5 },
      { productId: 3, topic: 'service', reviews: 1, negative: 1, avgRating: 1 },
      { productId: 3, topic: 'price', reviews: 1, negative: 1, avgRating: 2 },
    ]);
    // Product 1: (3·2 + 1·5 + 1·1) / 5 = 2.4; logistics 3 negative. Product 3: a tie goes to the alphabetically first topic.
    expect(m.get(1)).toEqual({ rating: 2.4, reviews: 5, topComplaint: 'logistics' });
    expect(m.get(2)).toEqual({ rating: 4.5, reviews: 2, topComplaint: null });
    expect(m.get(3)!.topComplaint).toBe('price');
  });
});

forEachDriver('selection scores read review topic trends', (t) => {
  it('adds the mean review rating to the SKU score and shows the top complaint', async () => {
    const { db } = t().database;
    const ids = await seedPolicyFixture(db);
    await db.transaction((tx) => runProductLifecycle(tx, AS_OF, 'Asia/Shanghai'));
    const review = (rating: number, topic: string | null, sentiment: string | null, daysAgo: number) => db.execute(sql`
      insert into reviews (sku_id, rating, body, created_at, topic, sentiment)
      values (${ids.sku1}, ${rating}, 'x', (${AS_OF}::date - ${daysAgo}::int)::timestamp + interval '4 hours', ${topic}, ${sentiment})`);
    await review(5, 'quality', 'positive', 10);
    await review(2, 'logistics', 'negative', 20);
    await review(2, 'logistics', 'negative', 30);
    await review(1, 'price', 'negative', 400); // older than the 52-week window
    await review(1, null, null, 5); // not classified yet: no topic, not in the trends

    const board = await listSkuLifecycle(db);
    const p1 = board.rows.find((r) => r.skuCode === 'P1-A')!;
    // (5 + 2 + 2) / 3 = 3.00; logistics has the 2 negative reviews in the window.
    expect(p1).toMatchObject({ rating: 3, reviews: 3, topComplaint: 'logistics' });
    // Trends are per product: P2-A is another SKU of the same product (policy-fixture.ts), so it shares them.
    expect(board.rows.find((r) => r.skuCode === 'P2-A')).toMatchObject({ rating: 3, reviews: 3, topComplaint: 'logistics' });
    // P1-A's score of selection.test.ts (trend 0.5, margin 0.667, returns 1; weights .25 .25 .15) plus the
    // rating (3 − 1)/4 = 0.5 at weight 0.15: (0.125 + 0.1667 + 0.15 + 0.075) / 0.8.
    expect(p1.score).toBeCloseTo((0.25 * 0.5 + 0.25 * (0.4 / 0.6) + 0.15 + 0.15 * 0.5) / 0.8 * 100, 6);
  }, 60_000);
});
