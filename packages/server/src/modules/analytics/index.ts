export { kpiReport } from './kpi-report.js';
export { kpiDailyStep } from './kpi-daily.pipeline.js';
export { kpiDaily } from './analytics.tables.js';
export { analyticsRoutes } from './analytics.routes.js';
