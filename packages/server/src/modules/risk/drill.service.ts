// Drills: run a scripted incident end to end on an injected timeline — open, let the
// acknowledgement deadline pass so it escalates, acknowledge, act, resolve, review — and check
// that the response machinery did what the plan says.
import type { Tx } from '../../db/client.js';
import type { Actor } from '../identity/index.js';
import {
  acknowledgeIncident, addIncidentNote, escalateOverdue, getIncident, openIncident, resolveIncident, reviewIncident, type IncidentDeps, type IncidentView,
} from './incidents.service.js';

export type DrillStep =
  | { at: number; do: 'tick' }
  | { at: number; do: 'acknowledge' }
  | { at: number; do: 'action'; text: string }
  | { at: number; do: 'resolve'; summary: string }
  | { at: number; do: 'review'; summary: string; rootCause: string; actions: string[] };

export interface DrillScript { title: string; level: 1 | 2 | 3; steps: DrillStep[] }

/** The default drill: a 二级 payment incident nobody acknowledges for 16 minutes. Times in minutes from the start. */
export const DEFAULT_DRILL: DrillScript = {
  title: '演练：支付回调失败，订单卡在待支付',
  level: 2,
  steps: [
    { at: 16, do: 'tick' },
    { at: 18, do: 'acknowledge' },
    { at: 25, do: 'action', text: '切换备用支付通道，通知客服口径' },
    { at: 40, do: 'resolve', summary: '备用通道恢复，积压订单已补单' },
    { at: 45, do: 'review', summary: '支付回调中断 40 分钟', rootCause: '支付网关证书过期', actions: ['证书到期提醒', '备用通道自动切换'] },
  ],
};

export interface DrillResult {
  incident: IncidentView;
  checks: { escalated: boolean; acknowledged: boolean; resolved: boolean; reviewed: boolean; notifications: number; minutesToAcknowledge: number | null; minutesToResolve: number | null };
  passed: boolean;
}

export async function runDrill(db: Tx, actor: Actor, startAt: Date, script: DrillScript = DEFAULT_DRILL, deps: IncidentDeps = {}): Promise<DrillResult> {
  const at = (m: number) => new Date(startAt.getTime() + m * 60_000);
  let incident = await openIncident(db, actor, { title: script.title, level: script.level, drill: true, body: 'drill' }, startAt, deps);
  for (const step of [...script.steps].sort((a, b) => a.at - b.at)) {
    const now = at(step.at);
    if (step.do === 'tick') await escalateOverdue(db, now, deps);
    else if (step.do === 'acknowledge') {
      const current = await getIncident(db, incident.id);
      const owner: Actor = current.ownerId ? { type: 'user', userId: current.ownerId, name: `on-call #${current.ownerId}`, role: 'operator' } : actor;
      await acknowledgeIncident(db, owner, incident.id, now);
    } else if (step.do === 'action') await addIncidentNote(db, actor, incident.id, step.text, now);
    else if (step.do === 'resolve') await resolveIncident(db, actor, incident.id, step.summary, now, deps);
    else await reviewIncident(db, actor, incident.id, { summary: step.summary, rootCause: step.rootCause, actions: step.actions }, now);
  }
  incident = await getIncident(db, incident.id);
  const kinds = incident.timeline.map((e) => e.kind);
  const minutes = (iso: string | null) => (iso ? Math.round((Date.parse(iso) - startAt.getTime()) / 60_000) : null);
  const checks = {
    escalated: kinds.includes('escalated'), acknowledged: incident.acknowledgedAt !== null, resolved: incident.resolvedAt !== null,
    reviewed: incident.review !== null, notifications: kinds.filter((k) => k === 'notified').length,
    minutesToAcknowledge: minutes(incident.acknowledgedAt), minutesToResolve: minutes(incident.resolvedAt),
  };
  const expectsEscalation = script.steps.some((s) => s.do === 'tick');
  return { incident, checks, passed: checks.acknowledged && checks.resolved && checks.reviewed && (!expectsEscalation || checks.escalated) };
}
