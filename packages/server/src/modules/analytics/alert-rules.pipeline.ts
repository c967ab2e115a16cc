import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/client.js';
import type { PipelineStep } from '../../pipeline/pipeline.types.js';
import { getStoreSettings } from '../store/index.js';
import { evaluateRule, listAlertRules, openAlert } from './alerts.service.js';
import { defaultAsOf, goalsProgress } from './goals.service.js';

/**
 * Evaluate every enabled rule for a business day and open an alert with the evidence for each
 * that fires; with `goals`, also open one for each goal whose period contains the day and that
 * is at risk (warning) or off track (critical). Alerts are keyed by rule or goal and day, so
 * evaluating a day again opens nothing twice (and keeps acknowledgements). With `facts`, every
 * figure is read from the facts rather than the rollups. Returns the number opened.
 */
export async function evaluateAlertsForDay(tx: Tx, day: string, opts: { goals: boolean; facts?: boolean }, progress: (fraction: number) => void = () => {}): Promise<number> {
  const source = { facts: opts.facts ?? false };
  let opened = 0;
  const rules = (await listAlertRules(tx)).filter((r) => r.enabled);
  for (const [i, rule] of rules.entries()) {
    const outcome = await evaluateRule(tx, rule, day, source);
    if (outcome.fired) {
      const a = await openAlert(tx, { key: `rule:${rule.id}:${day}`, source: 'rule', ruleId: rule.id, severity: rule.severity, title: rule.name, day, evidence: outcome.evidence });
      if (a.created) opened++;
    }
    progress(((i + 1) / (rules.length + 1)) * 0.8);
  }
  if (opts.goals) {
    for (const g of await goalsProgress(tx, day, { active: true, ...source })) {
      if (g.status !== 'at_risk' && g.status !== 'off_track') continue;
      const a = await openAlert(tx, {
        key: `goal:${g.id}:${day}`, source: 'goal', goalId: g.id, severity: g.status === 'off_track' ? 'critical' : 'warning', title: `${g.name}: ${g.status}`, day,
        evidence: { metric: g.metric, channel: g.channel, device: g.device, target: g.targetValue, actual: g.actual, projected: g.projected, elapsedDays: g.elapsedDays, totalDays: g.totalDays, owner: g.owner, method: g.method },
      });
      if (a.created) opened++;
    }
  }
  progress(1);
  return opened;
}

/** `alert-rules`: the daily evaluation of rules and goals for the as-of day (evaluateAlertsForDay). */
export const alertRulesStep: PipelineStep = {
  name: 'alert-rules',
  description: 'Evaluate alert rules and goal status for the day; open alerts with evidence',
  // After the rollups: the day's figures are read from them as rebuilt for it.
  dependsOn: ['kpi-daily', 'analytics-rollups'],
  async run({ tx, asOf, progress }) {
    return { rows: await evaluateAlertsForDay(tx, asOf, { goals: true }, progress) };
  },
};

/** After an import, rules are evaluated for at most this many of the latest business days it wrote. */
export const AFTER_IMPORT_MAX_DAYS = 7;

/**
 * The business days (store zone) of the orders and refunds written or changed by the current
 * transaction: rows whose `xmin` is this transaction's id. Call it inside the import's transaction.
 */
export async function daysWrittenInTransaction(tx: Tx): Promise<string[]> {
  const { timeZone } = await getStoreSettings(tx);
  const rows = await queryRows<{ day: string }>(tx, sql`
    with me as (select xid(pg_current_xact_id()) as x)
    select to_char(d, 'YYYY-MM-DD') as day from (
      select (o.placed_at at time zone ${timeZone}::text)::date as d from orders o, me where o.xmin = me.x
      union
      select (r.refunded_at at time zone ${timeZone}::text)::date from refunds r, me where r.xmin = me.x) t
    order by d`);
  return rows.map((r) => r.day);
}

export interface AfterImportAlerts {
  /** The business days whose rules were evaluated (the latest AFTER_IMPORT_MAX_DAYS written, none after the last complete day). */
  days: string[];
  /** Alerts opened (rules on those days, goals as of the latest). */
  opened: number;
}

/**
 * After a successful import: evaluate the enabled alert rules for the latest business days the
 * import wrote (at most AFTER_IMPORT_MAX_DAYS, none after the last complete day: a day still
 * running would fire thresholds on a partial figure), and the goals as of the latest of them, in
 * one transaction. Figures are read from the facts: the import may have written days the rollups
 * already hold. Alert keys are the daily step's, so the nightly run opens nothing twice.
 */
export async function evaluateAlertsAfterImport(db: Db, writtenDays: readonly string[]): Promise<AfterImportAlerts> {
  if (writtenDays.length === 0) return { days: [], opened: 0 };
  return db.transaction(async (tx) => {
    const lastComplete = await defaultAsOf(tx);
    const days = [...new Set(writtenDays)].filter((d) => d <= lastComplete).sort().slice(-AFTER_IMPORT_MAX_DAYS);
    let opened = 0;
    for (const [i, day] of days.entries()) opened += await evaluateAlertsForDay(tx, day, { goals: i === days.length - 1, facts: true });
    return { days, opened };
  });
}
