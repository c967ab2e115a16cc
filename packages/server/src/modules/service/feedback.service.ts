import { and, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import { classifyReview } from '@zhanggui/algorithms';
import { queryRows, type Tx } from '../../db/client.js';
import { guardContent } from '../compliance/index.js';
import { npsResponses, reviews } from './service.tables.js';

/**
 * Classify reviews that have no topic yet (topic, sentiment, score) and run them through content
 * moderation once (a `block` or `review` verdict is recorded as a moderation decision on `review:<id>`);
 * returns how many. Idempotent: a classified review is not looked at again.
 */
export async function classifyPendingReviews(db: Tx, now: Date, limit = 50_000): Promise<number> {
  const rows = await db.select({ id: reviews.id, body: reviews.body }).from(reviews).where(isNull(reviews.classifiedAt)).limit(limit);
  for (const r of rows) {
    const c = classifyReview(r.body);
    await guardContent(db, { kind: 'review', field: 'body', text: r.body, subject: `review:${r.id}`, onBlock: 'record' });
    await db.update(reviews).set({ topic: c.topic, sentiment: c.sentiment, sentimentScore: c.score, classifiedAt: now }).where(eq(reviews.id, r.id));
  }
  return rows.length;
}

/**
 * Topic trends per product: reviews by ISO week (Monday) and topic, with the share of negative
 * ones — the signal the product module reads (most complained-about topic per product). Reviews
 * that moderation blocked (e.g. 好评返现 incentivised reviews), unless an override let them
 * through, are left out: they are not evidence about the product.
 */
export async function reviewTopicTrends(db: Tx, q: { from: string; to: string; productId?: number }) {
  const rows = await queryRows<{ product_id: number; week: string; topic: string; reviews: number | string; negative: number | string; avg_rating: number | string }>(db, sql`
    select s.product_id, to_char(date_trunc('week', r.created_at), 'YYYY-MM-DD') as week, r.topic,
      count(*) as reviews, count(*) filter (where r.sentiment = 'negative') as negative, round(avg(r.rating)::numeric, 2) as avg_rating
    from reviews r join skus s on s.id = r.sku_id
    where r.topic is not null and r.created_at >= ${q.from}::date and r.created_at < ${q.to}::date + 1
      and not exists (select 1 from moderation_decisions m
        where m.subject = 'review:' || r.id and coalesce(m.override_action, m.action) = 'block')
      ${q.productId ? sql`and s.product_id = ${q.productId}` : sql``}
    group by 1, 2, 3 order by 1, 2, 3`);
  return rows.map((r) => ({ productId: Number(r.product_id), week: r.week, topic: r.topic, reviews: Number(r.reviews), negative: Number(r.negative), avgRating: Number(r.avg_rating) }));
}

export async function recordNps(db: Tx, input: { customerId?: number | null; score: number; comment?: string | null }, now: Date) {
  const [row] = await db.insert(npsResponses).values({ customerId: input.customerId ?? null, score: input.score, comment: input.comment ?? null, createdAt: now }).returning();
  return { id: row!.id, score: row!.score, createdAt: row!.createdAt.toISOString() };
}

/** NPS over a period: % promoters (9–10) − % detractors (0–6), per metrics.md. */
export async function npsBetween(db: Tx, from: Date, to: Date) {
  const rows = await db.select({ score: npsResponses.score }).from(npsResponses).where(and(gte(npsResponses.createdAt, from), lt(npsResponses.createdAt, to)));
  const n = rows.length;
  const promoters = rows.filter((r) => r.score >= 9).length;
  const detractors = rows.filter((r) => r.score <= 6).length;
  return { responses: n, promoters, detractors, nps: n ? Math.round(((promoters - detractors) / n) * 1000) / 10 : null };
}
