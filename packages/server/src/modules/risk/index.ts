export * from './risk.tables.js';
export { createRisk, updateRisk, listRisks, heatMap, type RiskView } from './register.service.js';
export { createIndicator, listIndicators, evaluateIndicators } from './indicators.service.js';
export { INDICATOR_SOURCES, type IndicatorSource } from './indicator-sources.js';
export {
  openIncident, acknowledgeIncident, addIncidentNote, resolveIncident, reviewIncident, escalateOverdue, getIncident, listIncidents, setOnCall, onCallChain, addWebhook, ACK_MINUTES,
  type IncidentView,
} from './incidents.service.js';
export { runDrill, DEFAULT_DRILL, type DrillScript, type DrillResult } from './drill.service.js';
export { signBody, type WebhookSender } from './incident-notify.js';
export { riskIndicatorsStep } from './risk.pipeline.js';
export { riskRoutes } from './risk.routes.js';
