import { DEFAULT_SELECTION_WEIGHTS, selectionScore, STAGE_ACTIONS, STAGE_LABELS, type ProductStage, type SelectionWeights } from '@zhanggui/algorithms';
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { audit, type Actor } from '../identity/index.js';
import { reviewTopicTrends } from '../service/index.js';
import { productCandidates, selectionWeights } from './selection.tables.js';

export async function getSelectionWeights(db: Tx): Promise<SelectionWeights> {
  const [row] = await db.select().from(selectionWeights).where(eq(selectionWeights.id, 1));
  return { ...DEFAULT_SELECTION_WEIGHTS, ...(row?.weights ?? {}) };
}

export async function saveSelectionWeights(db: Tx, actor: Actor, w: Partial<SelectionWeights>): Promise<SelectionWeights> {
  for (const [k, v] of Object.entries(w)) {
    if (!(k in DEFAULT_SELECTION_WEIGHTS)) throw new AppError('validation_failed', `body.${k}: unknown weight (one of ${Object.keys(DEFAULT_SELECTION_WEIGHTS).join(', ')})`, { issues: [{ field: `body.${k}`, message: 'unknown weight' }] });
    if (typeof v !== 'number' || !(v >= 0 && v <= 100)) throw new AppError('validation_failed', `body.${k}: a number from 0 to 100`, { issues: [{ field: `body.${k}`, message: '0 to 100' }] });
  }
  const before = await getSelectionWeights(db);
  const weights = { ...before, ...w };
  await db.insert(selectionWeights).values({ id: 1, weights, updatedAt: new Date() }).onConflictDoUpdate({ target: selectionWeights.id, set: { weights, updatedAt: new Date() } });
  await audit(db, actor, { action: 'update', entity: 'selection_weights', entityId: '1', before, after: weights });
  return weights;
}

export interface SkuLifecycleView {
  skuId: number; skuCode: string; skuName: string; stage: ProductStage; stageLabel: string; ageWeeks: number; velocity: number; previousVelocity: number;
  peakVelocity: number; change: number | null; actions: string[]; marginRate: number | null; returnRate: number | null; supplyReliability: number | null;
  /** Mean rating of the product's classified reviews over the 52 weeks (the service desk's topic trends); null without reviews. */
  rating: number | null; reviews: number;
  /** The topic with the most negative reviews over the 52 weeks (ties: alphabetical), null when none. */
  topComplaint: string | null;
  score: number | null; since: string | null;
}

interface ReviewSignal { rating: number | null; reviews: number; topComplaint: string | null }

/**
 * Review signals per product from the service module's topic trends (week × topic rows): the
 * review-weighted mean rating and the most complained-about topic.
 */
export function reviewSignals(trends: readonly { productId: number; topic: string; reviews: number; negative: number; avgRating: number }[]): Map<number, ReviewSignal> {
  const acc = new Map<number, { n: number; ratingSum: number; negative: Map<string, number> }>();
  for (const t of trends) {
    const a = acc.get(t.productId) ?? { n: 0, ratingSum: 0, negative: new Map<string, number>() };
    a.n += t.reviews;
    a.ratingSum += t.avgRating * t.reviews;
    a.negative.set(t.topic, (a.negative.get(t.topic) ?? 0) + t.negative);
    acc.set(t.productId, a);
  }
  const out = new Map<number, ReviewSignal>();
  for (const [productId, a] of acc) {
    let top: string | null = null;
    let most = 0;
    for (const [topic, n] of [...a.negative].sort((x, y) => x[0].localeCompare(y[0]))) if (n > most) { most = n; top = topic; }
    out.set(productId, { rating: a.n ? Math.round((a.ratingSum / a.n) * 100) / 100 : null, reviews: a.n, topComplaint: top });
  }
  return out;
}

/** Every SKU's stage on the latest lifecycle date ≤ asOf, its actions and selection score from its own signals. */
export async function listSkuLifecycle(db: Tx, asOf?: string): Promise<{ asOf: string | null; weights: SelectionWeights; rows: SkuLifecycleView[] }> {
  const [d] = await queryRows<{ as_of: string | null }>(db, sql`select max(as_of) as as_of from product_lifecycle where (${asOf ?? null}::date is null or as_of <= ${asOf ?? null}::date)`);
  const date = d?.as_of ?? null;
  const weights = await getSelectionWeights(db);
  if (!date) return { asOf: null, weights, rows: [] };
  const rows = await queryRows<{ sku_id: number; product_id: number; code: string; name: string; stage: ProductStage; age_weeks: number; velocity: number; previous_velocity: number;
    peak_velocity: number; change: number | null; margin_rate: number | null; return_rate: number | null; reliability: number | null; since: string | null }>(db, sql`
    with sold as (
      select l.sku_id, sum(l.quantity::int8 * l.unit_price) as revenue, sum(l.quantity::int8 * (l.unit_price - coalesce(l.unit_cost, k.unit_cost))) as margin,
        sum(l.quantity) as units
      from order_lines l join orders o on o.id = l.order_id join skus k on k.id = l.sku_id
      where l.quantity > 0 and o.placed_at > (${date}::date - 364)::timestamp and o.placed_at < (${date}::date + 1)::timestamp group by 1
    ),
    returned as (
      select rl.sku_id, sum(rl.quantity) as units from refund_lines rl join refunds r on r.id = rl.refund_id
      where r.refunded_at > (${date}::date - 364)::timestamp and r.refunded_at < (${date}::date + 1)::timestamp group by 1
    ),
    rel as (
      select distinct on (ss.sku_id) ss.sku_id, t.reliability from sku_suppliers ss left join supplier_terms t on t.sku_id = ss.sku_id and t.supplier_id = ss.supplier_id
      order by ss.sku_id, ss.is_primary desc, ss.supplier_id
    )
    select p.sku_id, k.product_id, k.code, k.name, p.stage, p.age_weeks, p.velocity, p.previous_velocity, p.peak_velocity, p.change,
      case when s.revenue > 0 and s.margin is not null then s.margin::float8 / s.revenue end as margin_rate,
      case when s.units > 0 then coalesce(rt.units, 0)::float8 / s.units end as return_rate, rel.reliability,
      (select max(c.week_start) from product_stage_changes c where c.sku_id = p.sku_id and c.week_start <= ${date}::date) as since
    from product_lifecycle p join skus k on k.id = p.sku_id left join sold s on s.sku_id = p.sku_id left join returned rt on rt.sku_id = p.sku_id
    left join rel on rel.sku_id = p.sku_id
    where p.as_of = ${date}::date order by p.stage, p.velocity desc, p.sku_id`);
  // Review signals over the same 52 weeks, read through the service module (docs/service.md, topic trends).
  const from = new Date(Date.parse(`${date}T00:00:00Z`) - 363 * 86_400_000).toISOString().slice(0, 10);
  const reviews = reviewSignals(await reviewTopicTrends(db, { from, to: date }));
  const none: ReviewSignal = { rating: null, reviews: 0, topComplaint: null };
  return {
    asOf: date,
    weights,
    rows: rows.map((r) => ({ r, rv: reviews.get(Number(r.product_id)) ?? none })).map(({ r, rv }) => ({
      skuId: Number(r.sku_id), skuCode: r.code, skuName: r.name, stage: r.stage, stageLabel: STAGE_LABELS[r.stage], ageWeeks: r.age_weeks,
      velocity: r.velocity, previousVelocity: r.previous_velocity, peakVelocity: r.peak_velocity, change: r.change, actions: STAGE_ACTIONS[r.stage],
      marginRate: r.margin_rate, returnRate: r.return_rate, supplyReliability: r.reliability, since: r.since,
      rating: rv.rating, reviews: rv.reviews, topComplaint: rv.topComplaint,
      score: selectionScore({ demandTrend: r.change, marginRate: r.margin_rate, returnRate: r.return_rate, rating: rv.rating, supplyReliability: r.reliability }, weights).score,
    })),
  };
}

export interface CandidateInput {
  name: string; category?: string | null | undefined; price?: number | null | undefined; unitCost?: number | null | undefined;
  demandTrend?: number | null | undefined; returnRate?: number | null | undefined; rating?: number | null | undefined;
  supplyReliability?: number | null | undefined; competition?: number | null | undefined;
}

const RANGES: Record<string, [number, number]> = {
  price: [0, 1e12], unitCost: [0, 1e12], demandTrend: [-1, 10], returnRate: [0, 1], rating: [1, 5], supplyReliability: [0, 1], competition: [0, 1],
};

function checkCandidate(c: CandidateInput, where: string): string[] {
  const errs: string[] = [];
  if (!c.name || c.name.trim() === '') errs.push(`${where}name: required`);
  for (const [k, [lo, hi]] of Object.entries(RANGES)) {
    const v = (c as unknown as Record<string, number | null | undefined>)[k];
    if (v !== null && v !== undefined && !(Number.isFinite(v) && v >= lo && v <= hi)) errs.push(`${where}${k}: expected ${lo} to ${hi}, got ${v}`);
  }
  return errs;
}

export async function addCandidates(db: Tx, actor: Actor, list: CandidateInput[], source: 'manual' | 'csv'): Promise<number> {
  const errs = list.flatMap((c, i) => checkCandidate(c, list.length > 1 ? `[${i}].` : ''));
  if (errs.length) throw new AppError('validation_failed', errs[0]!, { issues: errs.map((message) => ({ field: 'body', message })) });
  await db.transaction(async (tx) => {
    for (const c of list) {
      const values = {
        name: c.name.trim(), category: c.category ?? null, price: c.price ?? null, unitCost: c.unitCost ?? null, demandTrend: c.demandTrend ?? null,
        returnRate: c.returnRate ?? null, rating: c.rating ?? null, supplyReliability: c.supplyReliability ?? null, competition: c.competition ?? null, source,
      };
      await tx.insert(productCandidates).values(values).onConflictDoUpdate({ target: productCandidates.name, set: values });
    }
    await audit(tx, actor, { action: 'create', entity: 'product_candidate', entityId: list.map((c) => c.name).join(',').slice(0, 200), details: { count: list.length, source } });
  });
  return list.length;
}

const CSV_COLUMNS = ['name', 'category', 'price', 'unit_cost', 'demand_trend', 'return_rate', 'rating', 'supply_reliability', 'competition'] as const;

/** Yuan with up to two decimals → fen, exactly (no floating point). */
function yuanToFen(s: string): number | null {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
}

/**
 * Candidates from CSV with the header name,category,price,unit_cost,demand_trend,return_rate,rating,
 * supply_reliability,competition (prices in yuan; blanks allowed except name). All or nothing:
 * every bad row is reported as `line N: field: problem`.
 */
export async function importCandidatesCsv(db: Tx, actor: Actor, text: string): Promise<number> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().replace(/^\uFEFF/, ''));
  if (header.join(',') !== CSV_COLUMNS.join(',')) throw new AppError('validation_failed', `line 1: header: expected '${CSV_COLUMNS.join(',')}'`, { errors: [`line 1: header: expected '${CSV_COLUMNS.join(',')}'`] });
  const errors: string[] = [];
  const out: CandidateInput[] = [];
  lines.slice(1).forEach((line, i) => {
    const ln = i + 2;
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length !== CSV_COLUMNS.length) {
      errors.push(`line ${ln}: expected ${CSV_COLUMNS.length} fields, got ${cells.length}`);
      return;
    }
    const get = (k: (typeof CSV_COLUMNS)[number]) => cells[CSV_COLUMNS.indexOf(k)]!;
    const num = (k: (typeof CSV_COLUMNS)[number]) => {
      const v = get(k);
      if (v === '') return null;
      const n = Number(v);
      if (!Number.isFinite(n)) errors.push(`line ${ln}: ${k}: not a number: '${v}'`);
      return n;
    };
    const money = (k: 'price' | 'unit_cost') => {
      const v = get(k);
      if (v === '') return null;
      const f = yuanToFen(v);
      if (f === null) errors.push(`line ${ln}: ${k}: expected yuan like 59.90, got '${v}'`);
      return f;
    };
    const c: CandidateInput = {
      name: get('name'), category: get('category') || null, price: money('price'), unitCost: money('unit_cost'), demandTrend: num('demand_trend'),
      returnRate: num('return_rate'), rating: num('rating'), supplyReliability: num('supply_reliability'), competition: num('competition'),
    };
    errors.push(...checkCandidate(c, `line ${ln}: `));
    out.push(c);
  });
  if (errors.length) throw new AppError('validation_failed', `${errors.length} bad row${errors.length === 1 ? '' : 's'}; nothing imported`, { errors });
  return addCandidates(db, actor, out, 'csv');
}

export interface CandidateView extends CandidateInput { id: number; source: string; marginRate: number | null; score: number | null; parts: Record<string, number> }

export async function listCandidates(db: Tx): Promise<{ weights: SelectionWeights; rows: CandidateView[] }> {
  const weights = await getSelectionWeights(db);
  const rows = await db.select().from(productCandidates).orderBy(productCandidates.id);
  const views = rows.map((c) => {
    const marginRate = c.price && c.unitCost !== null ? (c.price - c.unitCost) / c.price : null;
    const s = selectionScore({ demandTrend: c.demandTrend, marginRate, returnRate: c.returnRate, rating: c.rating, supplyReliability: c.supplyReliability, competition: c.competition }, weights);
    return { id: c.id, name: c.name, category: c.category, price: c.price, unitCost: c.unitCost, demandTrend: c.demandTrend, returnRate: c.returnRate, rating: c.rating,
      supplyReliability: c.supplyReliability, competition: c.competition, source: c.source, marginRate, score: s.score, parts: s.parts as Record<string, number> };
  });
  views.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.id - b.id);
  return { weights, rows: views };
}
