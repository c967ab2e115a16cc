import { asc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { SYSTEM_ACTOR } from '../identity/index.js';
import { alertRuleExists, alertRuleIdOf, breaches, INDICATOR_SOURCES, sourceFor } from './indicator-sources.js';
import { openIncident, type IncidentDeps } from './incidents.service.js';
import { riskIndicators, risks } from './risk.tables.js';

type IndicatorRow = typeof riskIndicators.$inferSelect;
export interface IndicatorInput { riskId: number; name: string; metric: string; comparator: string; threshold: number; windowDays?: number; incidentLevel?: 1 | 2 | 3 | null }

const view = (r: IndicatorRow) => ({
  id: r.id, riskId: r.riskId, name: r.name, metric: r.metric, comparator: r.comparator, threshold: r.threshold, windowDays: r.windowDays,
  incidentLevel: r.incidentLevel, lastValue: r.lastValue, lastState: r.lastState, lastEvaluatedOn: r.lastEvaluatedOn,
});

export async function createIndicator(db: Tx, input: IndicatorInput) {
  if (!sourceFor(input.metric)) {
    throw new AppError('validation_failed', `metric: unknown source ${input.metric}`, { field: 'body.metric', known: [...Object.keys(INDICATOR_SOURCES), 'alert_rule:<id>'] });
  }
  const ruleId = alertRuleIdOf(input.metric);
  if (ruleId !== null && !await alertRuleExists(db, ruleId)) throw new AppError('not_found', `No alert rule ${ruleId}`, { entity: 'alert_rule', id: ruleId });
  const [risk] = await db.select({ id: risks.id }).from(risks).where(eq(risks.id, input.riskId));
  if (!risk) throw new AppError('not_found', `No risk ${input.riskId}`, { entity: 'risk', id: input.riskId });
  const [row] = await db.insert(riskIndicators).values({ ...input, windowDays: input.windowDays ?? 7, incidentLevel: input.incidentLevel ?? null }).returning();
  return view(row!);
}

export async function listIndicators(db: Tx) {
  return (await db.select().from(riskIndicators).orderBy(asc(riskIndicators.id))).map(view);
}

/**
 * Evaluate every indicator for the as-of date, store value and state, and open an incident for a
 * breached indicator that asks for one (at most one per indicator and date, so reruns are safe).
 */
export async function evaluateIndicators(db: Tx, asOf: string, timeZone: string, now: Date, deps: IncidentDeps = {}) {
  const out: { id: number; value: number | null; state: string; incidentId: number | null }[] = [];
  for (const ind of await db.select().from(riskIndicators).orderBy(asc(riskIndicators.id))) {
    const source = sourceFor(ind.metric);
    const value = source ? await source.compute(db, { asOf, windowDays: ind.windowDays, timeZone }) : null;
    const state = value === null ? 'no_data' : breaches(value, ind.comparator, ind.threshold) ? 'breached' : 'ok';
    await db.update(riskIndicators).set({ lastValue: value, lastState: state, lastEvaluatedOn: asOf }).where(eq(riskIndicators.id, ind.id));
    let incidentId: number | null = null;
    if (state === 'breached' && ind.incidentLevel) {
      const inc = await openIncident(db, { ...SYSTEM_ACTOR, name: 'risk-indicators' }, {
        title: `${ind.name}: ${value} ${ind.comparator} ${ind.threshold}`, level: ind.incidentLevel as 1 | 2 | 3, riskId: ind.riskId, indicatorId: ind.id,
        dedupeKey: `indicator:${ind.id}:${asOf}`, body: `${ind.metric} over ${ind.windowDays} days to ${asOf}`,
      }, now, deps);
      incidentId = inc.id;
    }
    out.push({ id: ind.id, value, state, incidentId });
  }
  return out;
}
