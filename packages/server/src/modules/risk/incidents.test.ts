import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { createTestCaller } from '../../test-support/auth.js';
import { forEachDriver } from '../../test-support/db.js';
import { SYSTEM_ACTOR } from '../identity/index.js';
import { runDrill } from './drill.service.js';
import { signBody, type WebhookSender } from './incident-notify.js';
import { acknowledgeIncident, addWebhook, escalateOverdue, openIncident, setOnCall } from './incidents.service.js';
import { createIndicator, evaluateIndicators } from './indicators.service.js';
import { createRisk, heatMap } from './register.service.js';

const T0 = new Date('2026-11-23T02:00:00Z');
const min = (m: number) => new Date(T0.getTime() + m * 60_000);

forEachDriver('risk register and incidents', (t) => {
  const users: number[] = [];
  const sent: { url: string; body: string; headers: Record<string, string> }[] = [];
  const send: WebhookSender = async (url, body, headers) => { sent.push({ url, body, headers }); return { status: 204 }; };

  beforeAll(async () => {
    const db = t().database.db;
    for (const name of ['oncall-1', 'oncall-2', 'oncall-3']) users.push((await createTestCaller(db, 'operator', name)).userId);
    await setOnCall(db, 1, [users[0]!, users[1]!]);
    await setOnCall(db, 2, [users[1]!, users[2]!]);
    await addWebhook(db, 'https://hooks.example/zg', 's3cret');
  });

  it('scores risks and draws the heat map', async () => {
    const db = t().database.db;
    const a = await createRisk(db, SYSTEM_ACTOR, { title: '核心供应商断供', category: 'supply', likelihood: 3, impact: 5 }, T0);
    const b = await createRisk(db, SYSTEM_ACTOR, { title: '大促价格错误', category: 'market', likelihood: 2, impact: 4 }, T0);
    expect([a.score, a.level, b.score, b.level]).toEqual([15, 'high', 8, 'medium']);
    const map = await heatMap(db);
    expect(map[5 - 3]![5 - 1]).toMatchObject({ likelihood: 3, impact: 5, count: 1, ids: [String(a.id)] });
    await expect(createRisk(db, SYSTEM_ACTOR, { title: 'x', category: 'supply', likelihood: 6, impact: 1 }, T0)).rejects.toThrow(RangeError);
  });

  it('escalates an unacknowledged 一级 incident along the on-call chain by the clock', async () => {
    const db = t().database.db;
    const inc = await openIncident(db, SYSTEM_ACTOR, { title: '网站宕机', level: 1 }, T0, { send });
    expect(inc).toMatchObject({ ownerId: users[0], status: 'open', ackDueAt: min(5).toISOString(), escalationStep: 0 });
    expect(await escalateOverdue(db, min(4), { send })).toEqual([]); // 4 min: not overdue yet
    expect(await escalateOverdue(db, min(5), { send })).toEqual([inc.id]); // 5 min: overdue → second on call
    const [after] = await queryRows<Record<string, unknown>>(db, sql`select owner_id, escalation_step, ack_due_at from incidents where id = ${inc.id}`);
    expect([Number(after!.owner_id), Number(after!.escalation_step), new Date(after!.ack_due_at as string).toISOString()]).toEqual([users[1], 1, min(10).toISOString()]);
    expect(await escalateOverdue(db, min(9), { send })).toEqual([]);
    expect(await escalateOverdue(db, min(10), { send })).toEqual([inc.id]); // end of chain: stays with the last
    const ack = await acknowledgeIncident(db, { type: 'user', userId: users[1]!, name: 'oncall-2', role: 'operator' }, inc.id, min(11));
    expect(ack).toMatchObject({ status: 'acknowledged', ownerId: users[1], escalationStep: 2 });
    expect(await escalateOverdue(db, min(60), { send })).toEqual([]); // acknowledged: no more escalation
    expect(ack.timeline.map((e) => e.kind)).toEqual(['opened', 'notified', 'escalated', 'notified', 'escalated', 'notified', 'acknowledged']);
    // Webhooks: signed with the secret.
    const last = sent.at(-1)!;
    expect(last.headers['x-zhanggui-event']).toBe('incident.escalated');
    expect(last.headers['x-zhanggui-signature']).toBe(signBody('s3cret', last.body));
  });

  it('runs a drill end to end', async () => {
    const db = t().database.db;
    const r = await runDrill(db, SYSTEM_ACTOR, min(120), undefined, { send });
    expect(r.passed).toBe(true);
    expect(r.checks).toEqual({ escalated: true, acknowledged: true, resolved: true, reviewed: true, notifications: 3, minutesToAcknowledge: 18, minutesToResolve: 40 });
    expect(r.incident).toMatchObject({ drill: true, status: 'closed', level: 2, ownerId: users[2], review: { rootCause: '支付网关证书过期', minutesToAcknowledge: 18, escalations: 1 } });
    expect(r.incident.timeline.map((e) => e.kind)).toEqual(['opened', 'notified', 'escalated', 'notified', 'acknowledged', 'action', 'resolved', 'notified', 'review']);
  });

  it('opens one incident per breached indicator and day', async () => {
    const db = t().database.db;
    const risk = await createRisk(db, SYSTEM_ACTOR, { title: '缺货', category: 'supply', likelihood: 3, impact: 3 }, T0);
    // No SKUs in this database: stockout_skus = 0, so "≥ 0" breaches and "> 0" does not.
    const hot = await createIndicator(db, { riskId: risk.id, name: '缺货 SKU', metric: 'stockout_skus', comparator: '>=', threshold: 0, incidentLevel: 3 });
    await createIndicator(db, { riskId: risk.id, name: '缺货 SKU (strict)', metric: 'stockout_skus', comparator: '>', threshold: 0, incidentLevel: 3 });
    const first = await evaluateIndicators(db, '2026-11-23', 'Asia/Shanghai', T0, { send });
    expect(first.map((x) => [x.value, x.state, x.incidentId !== null])).toEqual([[0, 'breached', true], [0, 'ok', false]]);
    const again = await evaluateIndicators(db, '2026-11-23', 'Asia/Shanghai', T0, { send });
    expect(again[0]!.incidentId).toBe(first[0]!.incidentId);
    await expect(createIndicator(db, { riskId: risk.id, name: 'x', metric: 'nope', comparator: '>', threshold: 1 })).rejects.toMatchObject({ code: 'validation_failed' });
    expect(hot.incidentLevel).toBe(3);
  });
});
