import { expect, it } from 'vitest';
import { forEachDriver } from '../../test-support/db.js';
import { SYSTEM_ACTOR } from '../identity/index.js';
import { upsertSlaPolicy } from './sla-policy.service.js';
import { changeStatus, createTicket, getTicket, listTickets, replyToTicket } from './tickets.service.js';

// Shanghai (UTC+8), Monday–Friday 09:00–18:00 (540 opening minutes a day). 2026-11-23 is a Monday.
// Reference times below are worked out by hand from this calendar (CST = UTC+8).
const weekday = [{ start: '09:00', end: '18:00' }];
const calendar = { timeZone: 'Asia/Shanghai', weekly: { 1: weekday, 2: weekday, 3: weekday, 4: weekday, 5: weekday } };
const at = (iso: string) => new Date(iso);

forEachDriver('SLA pause while pending on the customer', (t) => {
  it('stops the resolution clock while pending, across the night, and resumes it after', async () => {
    const db = t().database.db;
    await upsertSlaPolicy(db, { name: 'normal weekday', priority: 'normal', tier: 'standard', firstResponseMinutes: 60, resolutionMinutes: 480, warnFraction: 0.8, calendar });
    const ticket = (subject: string) => createTicket(db, SYSTEM_ACTOR, { channel: 'api', category: '物流', subject, body: '…' }, at('2026-11-23T01:00:00Z'));
    const breachedAt = async (iso: string) => (await listTickets(db, { sla: 'breached', limit: 50, offset: 0 }, at(iso))).items.map((x) => x.id);

    // Created Mon 09:00 CST: resolution due 09:00 + 480 = Mon 17:00 CST.
    const paused = await ticket('等客户回复');
    const late = await ticket('超时后才等客户');
    expect(paused.sla!.resolution.dueAt).toBe('2026-11-23T09:00:00.000Z');
    for (const x of [paused, late]) await replyToTicket(db, SYSTEM_ACTOR, x.id, '请提供订单截图', at('2026-11-23T01:10:00Z'));

    // `paused` waits on the customer from Mon 10:00 CST (60 minutes used) …
    await changeStatus(db, SYSTEM_ACTOR, paused.id, 'pending', at('2026-11-23T02:00:00Z'));
    // … `late` only from Mon 17:30 CST, after its 17:00 due time.
    await changeStatus(db, SYSTEM_ACTOR, late.id, 'pending', at('2026-11-23T09:30:00Z'));

    // Tue 10:00 CST, still pending: 60 used, 420 from now → Tue 17:00 CST; not in the breach queue.
    const tue = await getTicket(db, paused.id, at('2026-11-24T02:00:00Z'));
    expect(tue.sla!.resolution).toMatchObject({ state: 'running', elapsedMinutes: 60, remainingMinutes: 420, dueAt: '2026-11-24T09:00:00.000Z' });
    expect(await breachedAt('2026-11-24T02:00:00Z')).toEqual([late.id]);
    expect((await getTicket(db, late.id, at('2026-11-24T02:00:00Z'))).sla!.resolution).toMatchObject({ state: 'breached', dueAt: '2026-11-23T09:00:00.000Z' });

    // The customer answers Tue 11:00 CST: 420 left from 11:00 → due Tue 18:00 CST; warning at 384
    // (80 %) → 324 after 11:00 → Tue 16:24 CST. The stored times drive the queues.
    const resumed = await changeStatus(db, SYSTEM_ACTOR, paused.id, 'open', at('2026-11-24T03:00:00Z'));
    expect(resumed.sla!.resolution).toMatchObject({ state: 'running', elapsedMinutes: 60, dueAt: '2026-11-24T10:00:00.000Z' });
    expect((await listTickets(db, { sla: 'warning', limit: 50, offset: 0 }, at('2026-11-24T08:23:00Z'))).items.map((x) => x.id)).toEqual([late.id]);
    expect((await listTickets(db, { sla: 'warning', limit: 50, offset: 0 }, at('2026-11-24T08:24:00Z'))).items.map((x) => x.id)).toEqual([late.id, paused.id]);
    expect(await breachedAt('2026-11-24T09:59:00Z')).toEqual([late.id]);
    expect(await breachedAt('2026-11-24T10:00:00Z')).toEqual([late.id, paused.id]);

    // Resolved Tue 17:30 CST: 60 + 390 (Tue 11:00–17:30) = 450 ≤ 480: met, though 1.4 days passed.
    const done = await changeStatus(db, SYSTEM_ACTOR, paused.id, 'resolved', at('2026-11-24T09:30:00Z'));
    expect(done.sla!.resolution).toMatchObject({ state: 'met', elapsedMinutes: 450, remainingMinutes: 30 });
  });
});
