import { kpiReportQuery, kpiReportResponse } from '@zhanggui/contracts';
import type { RouteModule } from '../../http/routes.js';
import { kpiReport } from './kpi-report.js';

export const analyticsRoutes: RouteModule = (app, { platform }) => {
  app.get('/analytics/kpis', {
    config: { permission: 'analytics:read' },
    schema: {
      tags: ['analytics'],
      summary: 'KPIs per day, ISO week or month over [from, to) business days (docs/metrics.md)',
      querystring: kpiReportQuery,
      response: { 200: kpiReportResponse },
    },
  }, (req) => kpiReport(platform.database.db, req.query));
};
