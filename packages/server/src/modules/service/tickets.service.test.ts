import { beforeAll, describe, expect, it } from 'vitest';
import { createTestCaller } from '../../test-support/auth.js';
import { forEachDriver } from '../../test-support/db.js';
import { SYSTEM_ACTOR, type Actor } from '../identity/index.js';
import { pickAgent } from './assignment.js';
import { parseChatTranscript, parseEmail } from './intake.js';
import { upsertSlaPolicy } from './sla-policy.service.js';
import { serviceMetrics } from './service-metrics.service.js';
import {
  addNote, applyMacro, changeStatus, createMacro, createTicket, getTicket, listTickets, rateTicket, replyToTicket, setAgent,
} from './tickets.service.js';

// Shanghai (UTC+8), Monday–Friday 09:00–18:00. 2026-11-20 is a Friday.
const weekday = [{ start: '09:00', end: '18:00' }];
const calendar = { timeZone: 'Asia/Shanghai', weekly: { 1: weekday, 2: weekday, 3: weekday, 4: weekday, 5: weekday } };
const at = (iso: string) => new Date(iso);

describe('pickAgent', () => {
  it('prefers a skilled agent, then whoever waited longest, never-assigned first', () => {
    const agents = [
      { userId: 1, skills: ['物流'], lastAssignedAt: at('2026-11-20T01:00:00Z') },
      { userId: 2, skills: ['物流', '发票'], lastAssignedAt: null },
      { userId: 3, skills: [], lastAssignedAt: at('2026-11-19T01:00:00Z') },
    ];
    expect(pickAgent(agents, '物流')).toBe(2);
    expect(pickAgent(agents.slice(0, 1).concat(agents[2]!), '物流')).toBe(1);
    expect(pickAgent(agents, '退换货')).toBe(2); // nobody has the skill: plain round robin over everyone
    expect(pickAgent(agents, '物流', 'round_robin')).toBe(2);
    expect(pickAgent([], '物流')).toBeNull();
  });
});

describe('intake parsers', () => {
  it('reads an e-mail and a chat transcript', () => {
    expect(parseEmail('From: 张三 <zs@example.com>\r\nSubject: 发票\r\n  抬头写错了\r\nMessage-ID: <m1@example.com>\r\n\r\n请重开发票。\r\n')).toEqual({ from: 'zs@example.com', subject: '发票 抬头写错了', body: '请重开发票。', externalId: '<m1@example.com>' });
    expect(parseChatTranscript('[10:01] 客服: 您好\n[10:02] 顾客: 我的快递三天没动了\n[10:03] 客服: 我帮您查')).toMatchObject({ subject: '我的快递三天没动了', body: '[10:01] 客服: 您好\n[10:02] 顾客: 我的快递三天没动了\n[10:03] 客服: 我帮您查' });
  });
});

forEachDriver('service desk tickets', (t) => {
  let a: Actor;
  let b: Actor;
  const ids: number[] = [];

  beforeAll(async () => {
    const db = t().database.db;
    const ca = await createTestCaller(db, 'service_agent', 'agent-a');
    const cb = await createTestCaller(db, 'service_agent', 'agent-b');
    a = { type: 'user', userId: ca.userId, name: 'agent-a', role: 'service_agent' };
    b = { type: 'user', userId: cb.userId, name: 'agent-b', role: 'service_agent' };
    await setAgent(db, a.userId!, ['物流'], true);
    await setAgent(db, b.userId!, ['发票'], true);
    await upsertSlaPolicy(db, { name: 'normal weekday', priority: 'normal', tier: 'standard', firstResponseMinutes: 60, resolutionMinutes: 480, warnFraction: 0.8, calendar });
  });

  it('runs the SLA clock in business hours: due Monday for a Friday-evening ticket, warning and breach by the clock', async () => {
    const db = t().database.db;
    // Fri 17:30 CST: 30 business minutes left on Friday.
    const created = await createTicket(db, SYSTEM_ACTOR, { channel: 'order_page', category: '物流', subject: '快递没到', body: '三天没更新', orderId: null }, at('2026-11-20T09:30:00Z'));
    ids.push(created.id);
    expect(created.assigneeId).toBe(a.userId);
    // First response: 30 on Friday + 30 on Monday → Mon 09:30 CST. Resolution: 30 + 450 → Mon 16:30 CST.
    expect(created.sla).toMatchObject({ policy: 'normal weekday', firstResponse: { dueAt: '2026-11-23T01:30:00.000Z', state: 'running' }, resolution: { dueAt: '2026-11-23T08:30:00.000Z' } });
    const saturday = await getTicket(db, created.id, at('2026-11-21T04:00:00Z'));
    expect(saturday.sla!.firstResponse).toMatchObject({ state: 'running', elapsedMinutes: 30, remainingMinutes: 30 });
    // Warning at 80 % = 48 business minutes → Mon 09:18 CST.
    const mon0920 = at('2026-11-23T01:20:00Z');
    expect((await getTicket(db, created.id, mon0920)).sla!.firstResponse.state).toBe('warning');
    expect((await listTickets(db, { sla: 'warning', limit: 50, offset: 0 }, mon0920)).items.map((x) => x.id)).toEqual([created.id]);
    expect((await listTickets(db, { sla: 'breached', limit: 50, offset: 0 }, mon0920)).items).toEqual([]);
    const mon0931 = at('2026-11-23T01:31:00Z');
    expect((await getTicket(db, created.id, mon0931)).sla!.firstResponse.state).toBe('breached');
    expect((await listTickets(db, { sla: 'breached', limit: 50, offset: 0 }, mon0931)).items.map((x) => x.id)).toEqual([created.id]);
    // The reply at 09:40 stops the first-response clock, late: 'missed'.
    const replied = await replyToTicket(db, a, created.id, '已为您催促快递', at('2026-11-23T01:40:00Z'));
    expect(replied.sla!.firstResponse).toMatchObject({ state: 'missed', elapsedMinutes: 70 });
    expect(replied.sla!.resolution.state).toBe('running');
  });

  it('assigns by skill, then round robin; notes stay internal; macros reply and set status', async () => {
    const db = t().database.db;
    const invoice = await createTicket(db, SYSTEM_ACTOR, { channel: 'email', category: '发票', subject: '开发票', body: '…' }, at('2026-11-23T02:00:00Z'));
    expect(invoice.assigneeId).toBe(b.userId);
    // Nobody has 退换货: a was assigned longest ago (Friday), so a.
    const ret = await createTicket(db, SYSTEM_ACTOR, { channel: 'chat', category: '退换货', subject: '退货', body: '…', priority: 'high' }, at('2026-11-23T02:05:00Z'));
    expect(ret.assigneeId).toBe(a.userId);
    ids.push(invoice.id, ret.id);
    const noted = await addNote(db, a, ret.id, '客户是老客户，优先处理', at('2026-11-23T02:06:00Z'));
    expect(noted.events!.at(-1)).toMatchObject({ kind: 'note', internal: true, authorName: 'agent-a' });
    expect(noted.firstResponseAt).toBeNull(); // a note is not a response
    const macro = await createMacro(db, { name: '退货地址', body: '请寄回：杭州市…', setStatus: 'pending' });
    const after = await applyMacro(db, a, ret.id, macro.id, at('2026-11-23T02:10:00Z'));
    expect(after).toMatchObject({ status: 'pending', firstResponseAt: '2026-11-23T02:10:00.000Z' });
    expect(after.events!.map((e) => e.kind)).toEqual(['assign', 'note', 'reply', 'macro', 'status']);
  });

  it('follows the status flow and takes CSAT only after resolution', async () => {
    const db = t().database.db;
    const id = ids[0]!;
    await expect(rateTicket(db, SYSTEM_ACTOR, id, 5, undefined, at('2026-11-23T03:00:00Z'))).rejects.toMatchObject({ code: 'conflict' });
    const resolved = await changeStatus(db, a, id, 'resolved', at('2026-11-23T06:00:00Z'));
    // Resolved Mon 14:00 CST: 30 + 300 = 330 business minutes ≤ 480.
    expect(resolved.sla!.resolution).toMatchObject({ state: 'met', elapsedMinutes: 330 });
    expect((await rateTicket(db, SYSTEM_ACTOR, id, 5, '很快', at('2026-11-23T07:00:00Z'))).rating).toBe(5);
    await changeStatus(db, a, id, 'closed', at('2026-11-24T07:00:00Z'));
    await expect(changeStatus(db, a, id, 'open', at('2026-11-24T08:00:00Z'))).rejects.toMatchObject({ code: 'conflict' });
  });

  it('computes service metrics per metrics.md', async () => {
    const db = t().database.db;
    const m = await serviceMetrics(db, { from: '2026-11-20', to: '2026-11-23', timeZone: 'Asia/Shanghai', now: at('2026-11-24T09:00:00Z') });
    // Ticket 1: first response 2026-11-20T09:30 → 11-23T01:40 = 64.17 h; resolved at 11-23T06:00 = 68.5 h.
    // Ticket 3: first response after 5 min = 0.0833 h. Ticket 2 unanswered.
    expect(m).toMatchObject({ tickets: 3, open: 2, ratings: 1, csat: 1, resolutionHours: { mean: 68.5, median: 68.5 } });
    expect(m.firstResponseHours.mean).toBeCloseTo((64 + 10 / 60 + 5 / 60) / 2, 1); // 32.125
    expect(m.firstResponseHours.median).toBeCloseTo(32.125, 1);
    // First-response SLA: ticket 1 missed, ticket 3 answered in time (high/standard default 60 min), ticket 2 past due → 1/3.
    expect(m.firstResponseSlaHitRate).toBe(0.333);
  });
});
