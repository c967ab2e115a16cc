import type { PipelineStep } from '../../pipeline/pipeline.types.js';
import { evaluateRule, listAlertRules, openAlert } from './alerts.service.js';
import { goalsProgress } from './goals.service.js';

/**
 * `alert-rules`: evaluate every enabled rule for the as-of day and open an alert with the evidence
 * when it fires; evaluate the goals whose period contains the day and open one for each at risk
 * (warning) or off track (critical). Alerts are keyed by rule or goal and day, so re-running a day
 * opens nothing twice (and keeps acknowledgements).
 */
export const alertRulesStep: PipelineStep = {
  name: 'alert-rules',
  description: 'Evaluate alert rules and goal status for the day; open alerts with evidence',
  dependsOn: ['kpi-daily'],
  async run({ tx, asOf, progress }) {
    let opened = 0;
    const rules = (await listAlertRules(tx)).filter((r) => r.enabled);
    for (const [i, rule] of rules.entries()) {
      const outcome = await evaluateRule(tx, rule, asOf);
      if (outcome.fired) {
        const a = await openAlert(tx, { key: `rule:${rule.id}:${asOf}`, source: 'rule', ruleId: rule.id, severity: rule.severity, title: rule.name, day: asOf, evidence: outcome.evidence });
        if (a.created) opened++;
      }
      progress(((i + 1) / (rules.length + 1)) * 0.8);
    }
    for (const g of await goalsProgress(tx, asOf, { active: true })) {
      if (g.status !== 'at_risk' && g.status !== 'off_track') continue;
      const a = await openAlert(tx, {
        key: `goal:${g.id}:${asOf}`, source: 'goal', goalId: g.id, severity: g.status === 'off_track' ? 'critical' : 'warning', title: `${g.name}: ${g.status}`, day: asOf,
        evidence: { metric: g.metric, channel: g.channel, target: g.targetValue, actual: g.actual, projected: g.projected, elapsedDays: g.elapsedDays, totalDays: g.totalDays, owner: g.owner, method: g.method },
      });
      if (a.created) opened++;
    }
    progress(1);
    return { rows: opened };
  },
};
