export { kpiReport } from './kpi-report.js';
export { kpiDailyStep } from './kpi-daily.pipeline.js';
export { kpiDaily } from './analytics.tables.js';
export { analyticsRoutes } from './analytics.routes.js';
export { overviewReport, comparisonRange } from './overview.js';
export { funnelReport, funnelSteps } from './funnel.js';
export { channelsReport, marginalRoi } from './channels.js';
export { cohortReport } from './cohorts.js';
