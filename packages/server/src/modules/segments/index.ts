// What other modules, the CLI and the HTTP layer may use from segments.
export { loadClvData, fitClvModel, scoreClv, minorPerMajor, TIME_UNITS, type TimeUnit, type ClvData, type ClvModel, type CustomerClvScore } from './clv.service.js';
export { clvStep, runClvFit, CLV_HORIZON_DAYS } from './clv.pipeline.js';
export * from './segments.tables.js';
export { rfmStep, runRfm, RFM_WINDOW_DAYS } from './rfm.pipeline.js';
