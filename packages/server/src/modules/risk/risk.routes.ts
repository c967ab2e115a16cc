import { z } from 'zod';
import { simulatePromotion } from '@zhanggui/algorithms';
import {
  createIndicatorBody, createRiskBody, drillResult, errorBody, evaluateIndicatorsBody, heatMapCell, idParam, incidentItem, incidentNoteBody, incidentResolveBody,
  incidentReviewBody, indicatorItem, levelParam, onCallBody, openIncidentBody, riskItem, simulatePromotionBody, updateRiskBody, webhookBody,
} from '@zhanggui/contracts';
import { AppError } from '../../errors.js';
import { actorOf } from '../../http/auth.js';
import type { RouteModule } from '../../http/routes.js';
import { getStoreSettings } from '../store/index.js';
import { runDrill } from './drill.service.js';
import { listSources } from './indicator-sources.js';
import {
  acknowledgeIncident, addIncidentNote, addWebhook, escalateOverdue, getIncident, listIncidents, openIncident, resolveIncident, reviewIncident, setOnCall,
} from './incidents.service.js';
import { createIndicator, evaluateIndicators, listIndicators } from './indicators.service.js';
import { createRisk, heatMap, listRisks, updateRisk } from './register.service.js';

const read = { permission: 'risk:read' } as const;
const write = { permission: 'risk:write' } as const;
const tags = ['risk'];
const errors = { 400: errorBody, 404: errorBody, 409: errorBody };
type RiskBody = z.infer<typeof riskItem>;
type IncidentBody = z.infer<typeof incidentItem>;
const asRisk = (r: unknown) => r as RiskBody;
const asIncident = (i: unknown) => i as IncidentBody;

export const riskRoutes: RouteModule = (app, { platform, now }) => {
  const db = platform.database.db;
  const guardRange = <T>(fn: () => T): T => {
    try { return fn(); } catch (e) { if (e instanceof RangeError) throw new AppError('validation_failed', e.message); throw e; }
  };

  app.get('/risks', { config: read, schema: { tags, summary: 'The risk register, highest score first', response: { 200: z.array(riskItem) } } },
    async () => (await listRisks(db)).map(asRisk));
  app.post('/risks', { config: write, schema: { tags, summary: 'Add a risk (likelihood × impact on the 5 × 5 matrix)', body: createRiskBody, response: { 201: riskItem, ...errors } } },
    async (req, reply) => reply.status(201).send(asRisk(await createRisk(db, actorOf(req), req.body, now()))));
  app.patch('/risks/:id', { config: write, schema: { tags, summary: 'Change a risk', params: idParam, body: updateRiskBody, response: { 200: riskItem, ...errors } } },
    async (req) => asRisk(await updateRisk(db, actorOf(req), req.params.id, req.body, now())));
  app.get('/risks/heat-map', { config: read, schema: { tags, summary: 'The 5 × 5 heat map (likelihood 5 in the first row)', response: { 200: z.array(z.array(heatMapCell)) } } },
    async () => heatMap(db));

  app.get('/risk-indicators', { config: read, schema: { tags, summary: 'Early-warning indicators and their last state', response: { 200: z.array(indicatorItem) } } },
    async () => listIndicators(db));
  app.get('/risk-indicators/sources', { config: read, schema: { tags, summary: 'Metric sources an indicator can use (built-in, and alert_rule:<id> per analytics alert rule)', response: { 200: z.array(z.object({ key: z.string(), description: z.string() })) } } },
    async () => listSources(db));
  app.post('/risk-indicators', { config: write, schema: { tags, summary: 'Add an indicator bound to a metric and a risk', body: createIndicatorBody, response: { 201: indicatorItem, ...errors } } },
    async (req, reply) => reply.status(201).send(await createIndicator(db, req.body)));
  app.post('/risk-indicators/evaluate', { config: write, schema: { tags, summary: 'Evaluate every indicator for a date (also the risk-indicators pipeline step)', body: evaluateIndicatorsBody } },
    async (req) => evaluateIndicators(db, req.body.asOf, (await getStoreSettings(db)).timeZone, now()));

  app.get('/incidents', { config: read, schema: { tags, summary: 'Incidents, newest first (open ones are the console inbox)', querystring: z.object({ status: z.string().optional() }), response: { 200: z.array(incidentItem) } } },
    async (req) => (await listIncidents(db, { status: req.query.status?.split(',') })).map(asIncident));
  app.post('/incidents', { config: write, schema: { tags, summary: 'Open an incident (level 1 一级 … 3 三级)', body: openIncidentBody, response: { 201: incidentItem, ...errors } } },
    async (req, reply) => reply.status(201).send(asIncident(await openIncident(db, actorOf(req), req.body, now()))));
  app.get('/incidents/:id', { config: read, schema: { tags, summary: 'An incident with its timeline', params: idParam, response: { 200: incidentItem, 404: errorBody } } },
    async (req) => asIncident(await getIncident(db, req.params.id)));
  app.post('/incidents/:id/acknowledge', { config: write, schema: { tags, summary: 'Acknowledge (stops escalation)', params: idParam, response: { 200: incidentItem, ...errors } } },
    async (req) => asIncident(await acknowledgeIncident(db, actorOf(req), req.params.id, now())));
  app.post('/incidents/:id/actions', { config: write, schema: { tags, summary: 'Record an action on the timeline', params: idParam, body: incidentNoteBody, response: { 200: incidentItem, ...errors } } },
    async (req) => asIncident(await addIncidentNote(db, actorOf(req), req.params.id, req.body.body, now())));
  app.post('/incidents/:id/resolve', { config: write, schema: { tags, summary: 'Resolve', params: idParam, body: incidentResolveBody, response: { 200: incidentItem, ...errors } } },
    async (req) => asIncident(await resolveIncident(db, actorOf(req), req.params.id, req.body.summary, now())));
  app.post('/incidents/:id/review', { config: write, schema: { tags, summary: 'Post-incident review (复盘); closes the incident', params: idParam, body: incidentReviewBody, response: { 200: incidentItem, ...errors } } },
    async (req) => asIncident(await reviewIncident(db, actorOf(req), req.params.id, req.body, now())));
  app.post('/incidents/escalate', { config: write, schema: { tags, summary: 'Escalate overdue incidents now (the server also does this every minute)', response: { 200: z.object({ escalated: z.array(z.number().int()) }) } } },
    async () => ({ escalated: await escalateOverdue(db, now()) }));
  app.post('/incidents/drill', { config: write, schema: { tags, summary: 'Run the scripted drill end to end (on a simulated timeline starting now)', response: { 200: drillResult } } },
    async (req) => {
      const r = await runDrill(db, actorOf(req), now());
      return { ...r, incident: asIncident(r.incident) };
    });
  app.put('/on-call/:level', { config: write, schema: { tags, summary: 'The on-call chain of a response level, in escalation order', params: levelParam, body: onCallBody, response: { 200: z.array(z.number().int()) } } },
    async (req) => setOnCall(db, req.params.level, req.body.userIds));
  app.post('/incident-webhooks', { config: { permission: 'users:manage' }, schema: { tags, summary: 'Add a webhook for incident notifications (HMAC-signed)', body: webhookBody, response: { 201: z.object({ id: z.number().int(), url: z.string(), active: z.boolean() }), 400: errorBody } } },
    async (req, reply) => reply.status(201).send(await addWebhook(db, req.body.url, req.body.secret)));

  app.post('/risk/simulate-promotion', { config: read, schema: { tags, summary: 'Monte Carlo of a promotion or price change (seeded)', body: simulatePromotionBody } },
    async (req) => {
      const { trials, seed, ...scenario } = req.body;
      return guardRange(() => simulatePromotion(scenario, { trials, seed }));
    });
};
