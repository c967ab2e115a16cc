import {
  channelsQuery, channelsResponse, cohortsQuery, cohortsResponse, customersQuery, customersResponse, productsQuery, productsResponse, funnelQuery, funnelResponse, kpiReportQuery, kpiReportResponse, overviewQuery, overviewResponse,
} from '@zhanggui/contracts';
import type { RouteModule } from '../../http/routes.js';
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
    schema: { tags: ['analytics'], summary: '商品分析: top and bottom SKUs by GMV, and 异常商品 (sudden drops, refund spikes) (docs/analytics.md)', querystring: productsQuery, response: { 200: productsResponse } },
  }, (req) => productsReport(db(), req.query));
};
