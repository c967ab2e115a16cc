import { alertRuleInput, type AlertItem, type AlertRule, type AlertRuleInput, type GoalMetric } from '@zhanggui/contracts';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { compare, robustZ } from './goal-math.js';
import { checkDeviceScope, metricValue } from './metric-values.js';
import { channelIdOf, parseQuery, shiftDays, shiftYears } from './read-model.js';

export interface OpenAlertInput {
  /** Idempotency key: opening the same key again does nothing (e.g. `rule:12:2026-03-01`). */
  key: string;
  /** Who opens it: `rule`, `goal`, or the calling module's name. */
  source: string;
  severity: 'info' | 'warning' | 'critical';
  title: string;
  day?: string | null;
  evidence: Record<string, unknown>;
  ruleId?: number | null;
  goalId?: number | null;
}

/**
 * Open an alert unless one with the same key exists; returns its id and whether it is new. Any
 * module may call this (inside its own transaction) to raise an alert the console lists.
 */
export async function openAlert(db: Tx, a: OpenAlertInput): Promise<{ id: number; created: boolean }> {
  const [row] = await queryRows<{ id: number }>(db, sql`insert into alerts (key, source, rule_id, goal_id, severity, title, day, evidence)
    values (${a.key}, ${a.source}, ${a.ruleId ?? null}, ${a.goalId ?? null}, ${a.severity}, ${a.title}, ${a.day ?? null}::date, ${JSON.stringify(a.evidence)}::jsonb)
    on conflict (key) do nothing returning id`);
  if (row) return { id: row.id, created: true };
  const [existing] = await queryRows<{ id: number }>(db, sql`select id from alerts where key = ${a.key}`);
  return { id: existing!.id, created: false };
}

interface AlertRow { id: number; source: string; rule_id: number | null; goal_id: number | null; severity: AlertItem['severity']; title: string; day: string | null;
  evidence: Record<string, unknown>; status: AlertItem['status']; opened_at: Date; acknowledged_at: Date | null; acknowledged_by: string | null }

const toAlert = (r: AlertRow): AlertItem => ({
  id: r.id, source: r.source, ruleId: r.rule_id, goalId: r.goal_id, severity: r.severity, title: r.title, day: r.day, evidence: r.evidence, status: r.status,
  openedAt: new Date(r.opened_at).toISOString(), acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at).toISOString() : null, acknowledgedBy: r.acknowledged_by,
});

export async function listAlerts(db: Tx, status: 'open' | 'acknowledged' | 'all' = 'open'): Promise<AlertItem[]> {
  const rows = await queryRows<AlertRow>(db, sql`select id, source, rule_id, goal_id, severity, title, to_char(day, 'YYYY-MM-DD') as day, evidence, status, opened_at, acknowledged_at, acknowledged_by
    from alerts where (${status} = 'all' or status = ${status}) order by opened_at desc, id desc limit 500`);
  return rows.map(toAlert);
}

/** Acknowledge an open alert (acknowledging twice keeps the first acknowledgement). */
export async function acknowledgeAlert(db: Tx, id: number, by: string): Promise<AlertItem> {
  await queryRows(db, sql`update alerts set status = 'acknowledged', acknowledged_at = now(), acknowledged_by = ${by} where id = ${id} and status = 'open'`);
  const [row] = await queryRows<AlertRow>(db, sql`select id, source, rule_id, goal_id, severity, title, to_char(day, 'YYYY-MM-DD') as day, evidence, status, opened_at, acknowledged_at, acknowledged_by from alerts where id = ${id}`);
  if (!row) throw new AppError('not_found', `alert ${id} does not exist`);
  return toAlert(row);
}

interface RuleRow { id: number; name: string; metric: GoalMetric; channel: string | null; device: AlertRule['device']; condition: string; params: AlertRule['condition']; severity: AlertRule['severity']; enabled: boolean }

export async function createAlertRule(db: Tx, input: AlertRuleInput): Promise<number> {
  const r = parseQuery(alertRuleInput, input);
  checkDeviceScope(r.metric, r.device);
  const channelId = await channelIdOf(db, r.channel);
  const [row] = await queryRows<{ id: number }>(db, sql`insert into alert_rules (name, metric, channel_id, device, condition, params, severity)
    values (${r.name}, ${r.metric}, ${channelId}, ${r.device ?? null}, ${r.condition.kind}, ${JSON.stringify(r.condition)}::jsonb, ${r.severity}) returning id`);
  return row!.id;
}

export async function listAlertRules(db: Tx): Promise<AlertRule[]> {
  const rows = await queryRows<RuleRow>(db, sql`select r.id, r.name, r.metric, c.code as channel, r.device, r.condition, r.params, r.severity, r.enabled
    from alert_rules r left join channels c on c.id = r.channel_id order by r.id`);
  return rows.map((r) => ({ id: r.id, name: r.name, metric: r.metric, channel: r.channel, device: r.device, severity: r.severity, enabled: r.enabled, condition: r.params }));
}

export async function deleteAlertRule(db: Tx, id: number): Promise<void> {
  const rows = await queryRows(db, sql`delete from alert_rules where id = ${id} returning id`);
  if (rows.length === 0) throw new AppError('not_found', `alert rule ${id} does not exist`);
}

export interface RuleOutcome { fired: boolean; evidence: Record<string, unknown> }

/** Evaluate one rule for a business day (docs/analytics.md, "Alert rules"). */
export async function evaluateRule(db: Tx, rule: Pick<AlertRule, 'metric' | 'channel' | 'condition'> & { device?: AlertRule['device'] }, day: string, opts: { facts?: boolean } = {}): Promise<RuleOutcome> {
  const scope = { channel: rule.channel ?? undefined, device: rule.device ?? undefined };
  const value = (from: string, to: string) => metricValue(db, rule.metric, scope, from, to, opts);
  const where = { channel: rule.channel ?? null, device: rule.device ?? null };
  const end = shiftDays(day, 1);
  const c = rule.condition;
  if (c.kind === 'threshold') {
    const w = c.windowDays ?? 1;
    const from = shiftDays(end, -w);
    const v = await value(from, end);
    return { fired: v !== null && compare(c.op, v, c.value), evidence: { metric: rule.metric, ...where, from, to: end, value: v, op: c.op, threshold: c.value } };
  }
  if (c.kind === 'change') {
    const w = c.windowDays ?? 7;
    const from = shiftDays(end, -w);
    const prev = (c.compare ?? 'previous') === 'last_year' ? { from: shiftYears(from, -1), to: shiftYears(end, -1) } : { from: shiftDays(from, -w), to: from };
    const [cur, before] = [await value(from, end), await value(prev.from, prev.to)];
    const change = cur === null || before === null || before === 0 ? null : (cur - before) / Math.abs(before);
    return { fired: change !== null && compare(c.op, change, c.pct), evidence: { metric: rule.metric, ...where, from, to: end, value: cur, comparison: prev, comparisonValue: before, change, op: c.op, pct: c.pct } };
  }
  const n = c.historyDays ?? 28;
  const history: number[] = [];
  for (let k = n; k >= 1; k--) {
    const d = shiftDays(day, -k);
    const v = await value(d, shiftDays(d, 1));
    if (v !== null) history.push(v);
  }
  const x = await value(day, end);
  const threshold = c.z ?? 3.5;
  const direction = c.direction ?? 'both';
  const r = x === null ? { z: null, median: null, mad: null } : robustZ(x, history);
  const fired = r.z !== null && (direction === 'both' ? Math.abs(r.z) >= threshold : direction === 'up' ? r.z >= threshold : r.z <= -threshold);
  return { fired, evidence: { metric: rule.metric, ...where, day, value: x, historyDays: n, historyValues: history.length, median: r.median, mad: r.mad, z: r.z, threshold, direction, method: 'robust z = 0.6745 (x − median) / MAD' } };
}
