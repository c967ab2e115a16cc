import { expect, it } from 'vitest';
import { forEachDriver } from '../../test-support/db.js';
import { acknowledgeAlert, createAlertRule, openAlert } from '../analytics/index.js';
import { SYSTEM_ACTOR } from '../identity/index.js';
import { listSources } from './indicator-sources.js';
import { createIndicator, evaluateIndicators } from './indicators.service.js';
import { createRisk } from './register.service.js';

const T0 = new Date('2026-06-10T12:00:00Z');

forEachDriver('risk indicators bound to analytics alert rules', (t) => {
  it('counts the open alerts of the linked rule in the window, and acknowledging clears the breach', async () => {
    const db = t().database.db;
    const risk = await createRisk(db, SYSTEM_ACTOR, { title: '退款激增', category: 'operations', likelihood: 3, impact: 3 }, T0);
    const ruleId = await createAlertRule(db, { name: 'refund spike', metric: 'refundRate', condition: { kind: 'threshold', op: 'gt', value: 0.05, windowDays: 1 } } as Parameters<typeof createAlertRule>[1]);
    const otherRule = await createAlertRule(db, { name: 'other', metric: 'orders', condition: { kind: 'threshold', op: 'lt', value: 1, windowDays: 1 } } as Parameters<typeof createAlertRule>[1]);
    expect((await listSources(db)).map((s) => s.key)).toEqual(expect.arrayContaining(['refund_rate_pct', `alert_rule:${ruleId}`, `alert_rule:${otherRule}`]));

    const ind = await createIndicator(db, { riskId: risk.id, name: '退款告警', metric: `alert_rule:${ruleId}`, comparator: '>=', threshold: 1, windowDays: 3, incidentLevel: 2 });
    await expect(createIndicator(db, { riskId: risk.id, name: 'x', metric: 'alert_rule:999999', comparator: '>=', threshold: 1 })).rejects.toMatchObject({ code: 'not_found' });
    await expect(createIndicator(db, { riskId: risk.id, name: 'x', metric: 'alert_rule:abc', comparator: '>=', threshold: 1 })).rejects.toMatchObject({ code: 'validation_failed' });

    // No alerts yet: value 0, ok.
    const evalOn = async (asOf: string) => (await evaluateIndicators(db, asOf, 'Asia/Shanghai', T0)).find((r) => r.id === ind.id)!;
    expect(await evalOn('2026-06-10')).toMatchObject({ value: 0, state: 'ok', incidentId: null });

    // Alerts of the linked rule on 06-08 and 06-10 (in the 3-day window 06-08..06-10), one on 06-07
    // (outside), and one of another rule: the indicator counts 2.
    const alert = (rule: number, day: string) => openAlert(db, { key: `rule:${rule}:${day}`, source: 'rule', severity: 'warning', title: 't', ruleId: rule, day, evidence: {} });
    const a1 = await alert(ruleId, '2026-06-08');
    const a2 = await alert(ruleId, '2026-06-10');
    await alert(ruleId, '2026-06-07');
    await alert(otherRule, '2026-06-10');
    const breached = await evalOn('2026-06-10');
    expect(breached).toMatchObject({ value: 2, state: 'breached' });
    expect(breached.incidentId).not.toBeNull();

    // Acknowledged alerts no longer count.
    await acknowledgeAlert(db, a1.id, 'ops');
    await acknowledgeAlert(db, a2.id, 'ops');
    expect(await evalOn('2026-06-10')).toMatchObject({ value: 0, state: 'ok' });
    // On 06-09 the window 06-07..06-09 holds the still-open 06-07 alert.
    expect(await evalOn('2026-06-09')).toMatchObject({ value: 1, state: 'breached' });
  });
});
