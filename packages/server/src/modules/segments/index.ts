// What other modules, the CLI and the HTTP layer may use from segments.
export { loadClvData, fitClvModel, scoreClv, minorPerMajor, TIME_UNITS, type TimeUnit, type ClvData, type ClvModel, type CustomerClvScore } from './clv.service.js';
export { clvStep, runClvFit, CLV_HORIZON_DAYS } from './clv.pipeline.js';
export * from './segments.tables.js';
export { rfmStep, runRfm, RFM_WINDOW_DAYS } from './rfm.pipeline.js';
export { countRule, listSegments, getSegment, createSegment, updateSegment, deleteSegment, recomputeMemberships, exportSegment, createSegmentAction, takePendingSegmentAction } from './segments.service.js';
export { segmentsStep } from './segments.pipeline.js';
export { latestClvFit, customerIntelligence, segmentMemberPage } from './customer-intelligence.service.js';
export { clvCalibration } from './clv-calibration.js';
export { segmentsRoutes } from './segments.routes.js';
