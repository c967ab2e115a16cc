import {
  alertRuleInput, alertRulesResponse, alertItem, alertsQuery, alertsResponse, errorBody, goalInput, goalsQuery, goalsResponse, idParam,
  channelsQuery, channelsResponse, cohortsQuery, cohortsResponse, customersQuery, customersResponse, productsQuery, productsResponse, funnelQuery, funnelResponse, kpiReportQuery, kpiReportResponse, overviewQuery, overviewResponse,
} from '@zhanggui/contracts';
import { z } from 'zod';
import { actorOf } from '../../http/auth.js';
import type { RouteModule } from '../../http/routes.js';
import { acknowledgeAlert, createAlertRule, deleteAlertRule, listAlertRules, listAlerts } from './alerts.service.js';
import { createGoal, defaultAsOf, deleteGoal, goalsProgress } from './goals.service.js';
import { channelsReport } from './channels.js';
import { cohortReport } from './cohorts.js';
import { customersReport } from './customers-report.js';
import { productsReport } from './products-report.js';
import { funnelReport } from './funnel.js';
import { kpiReport } from './kpi-report.js';
import { overviewReport } from './overview.js';

export const analyticsRoutes: RouteModule = (app, { platform }) => {
  const db = () => platform.database.db;
  const read = { permission: 'analytics:read' as const };
  app.get('/analytics/kpis', {
    config: read,
    schema: {
      tags: ['analytics'],
      summary: 'KPIs per day, ISO week or month, or one total row, over [from, to) business days (docs/metrics.md)',
      querystring: kpiReportQuery,
      response: { 200: kpiReportResponse },
    },
  }, (req) => kpiReport(db(), req.query));
  app.get('/analytics/overview', {
    config: read,
    schema: { tags: ['analytics'], summary: '经营概况: every overview figure over [from, to), the comparison period, and splits by channel and device (docs/analytics.md)', querystring: overviewQuery, response: { 200: overviewResponse } },
  }, (req) => overviewReport(db(), req.query));
  app.get('/analytics/funnel', {
    config: read,
    schema: { tags: ['analytics'], summary: '交易漏斗 over sessions started in [from, to), overall or by channel or device (docs/analytics.md)', querystring: funnelQuery, response: { 200: funnelResponse } },
  }, (req) => funnelReport(db(), req.query));
  app.get('/analytics/channels', {
    config: read,
    schema: { tags: ['analytics'], summary: '渠道与营销: spend, attributed orders and GMV, CAC, ROI, margin ROI per channel and campaign, and recommendations (docs/analytics.md)', querystring: channelsQuery, response: { 200: channelsResponse } },
  }, (req) => channelsReport(db(), req.query));
  app.get('/analytics/cohorts', {
    config: read,
    schema: { tags: ['analytics'], summary: 'Monthly first-order cohorts and their retention by month (docs/metrics.md)', querystring: cohortsQuery, response: { 200: cohortsResponse } },
  }, (req) => cohortReport(db(), req.query));
  app.get('/analytics/customers', {
    config: read,
    schema: { tags: ['analytics'], summary: '客户分析: new vs returning buyers, repurchase trend, orders per customer (docs/analytics.md)', querystring: customersQuery, response: { 200: customersResponse } },
  }, (req) => customersReport(db(), req.query));
  app.get('/analytics/products', {
    config: read,
    schema: { tags: ['analytics'], summary: '商品分析: top and bottom SKUs by GMV, margin, refund rate or units (rankBy), and 异常商品 (sudden drops, refund spikes) (docs/analytics.md)', querystring: productsQuery, response: { 200: productsResponse } },
  }, (req) => productsReport(db(), req.query));
  const write = { permission: 'analytics:write' as const };
  const errors = { 400: errorBody, 404: errorBody };
  const created = z.object({ id: z.number().int() });
  app.get('/analytics/goals', {
    config: read,
    schema: { tags: ['analytics'], summary: 'Goals with progress, projection to the period end and status as of a day (default yesterday) (docs/analytics.md)', querystring: goalsQuery, response: { 200: goalsResponse } },
  }, async (req) => ({ goals: await goalsProgress(db(), req.query.asOf ?? await defaultAsOf(db())) }));
  app.post('/analytics/goals', {
    config: write,
    schema: { tags: ['analytics'], summary: 'Add a goal: a metric, a period, overall or per channel, a target and an owner', body: goalInput, response: { 201: created, ...errors } },
  }, async (req, reply) => reply.status(201).send({ id: await createGoal(db(), req.body) }));
  app.delete('/analytics/goals/:id', {
    config: write, schema: { tags: ['analytics'], summary: 'Delete a goal', params: idParam, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => { await deleteGoal(db(), req.params.id); return reply.status(204).send(null); });
  app.get('/analytics/alert-rules', {
    config: read, schema: { tags: ['analytics'], summary: 'Alert rules', response: { 200: alertRulesResponse } },
  }, async () => ({ rules: await listAlertRules(db()) }));
  app.post('/analytics/alert-rules', {
    config: write,
    schema: { tags: ['analytics'], summary: 'Add an alert rule: a metric, a scope, a condition (threshold, change, anomaly) and a severity', body: alertRuleInput, response: { 201: created, ...errors } },
  }, async (req, reply) => reply.status(201).send({ id: await createAlertRule(db(), req.body) }));
  app.delete('/analytics/alert-rules/:id', {
    config: write, schema: { tags: ['analytics'], summary: 'Delete an alert rule', params: idParam, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => { await deleteAlertRule(db(), req.params.id); return reply.status(204).send(null); });
  app.get('/analytics/alerts', {
    config: read, schema: { tags: ['analytics'], summary: 'Alerts opened by rules, goals at risk and other modules', querystring: alertsQuery, response: { 200: alertsResponse } },
  }, async (req) => ({ alerts: await listAlerts(db(), req.query.status) }));
  app.post('/analytics/alerts/:id/acknowledge', {
    config: write, schema: { tags: ['analytics'], summary: 'Acknowledge an alert', params: idParam, response: { 200: alertItem, ...errors } },
  }, async (req) => acknowledgeAlert(db(), req.params.id, actorOf(req).name));
};
