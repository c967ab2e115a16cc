// What other modules, the CLI and the HTTP layer may use from forecasting.
export { demandForecastStep, loadDemandHistories, runDemandForecast, HISTORY_PERIODS, HORIZON_PERIODS, PERIOD_DAYS, POLICY_PERIODS, type DemandHistory } from './demand-forecast.pipeline.js';
export { parseSeriesCsv, SeriesCsvError, type ParsedSeries } from './series-csv.js';
export * from './forecasting.tables.js';
export { forecastingRoutes } from './forecasting.routes.js';
export { getForecast, listForecasts } from './forecast-query.service.js';
