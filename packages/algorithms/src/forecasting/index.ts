// Public surface of the forecasting algorithms: models (y, h, opts) → { mean, … } and M4 accuracy.
export { bias, mase, maseScale, owa, smape, wape } from './accuracy.js';
export { fitAdditiveSmoothing, forecastSmoothing, type SmoothingFit, type TrendKind } from './additive-smoothing.js';
export { comb, damped, holt, ses, type SmoothingForecast } from './exponential-smoothing.js';
export { adida, croston, crostonSba, demandIntervals, tsb, type AdidaOptions, type CrostonOptions, type TsbOptions } from './intermittent.js';
export { naive, naive2, seasonalNaive } from './naive.js';
export { acf, multiplicativeSeasonalIndices, seasonalAdjust, seasonalityTest, type SeasonalAdjustment } from './seasonality.js';
export { theta } from './theta.js';
export type { Forecast, SeasonalOptions } from './types.js';
export { ets, etsName, type EtsForecast, type EtsOptions } from './ets.js';
export { fitEtsModel, forecastEtsModel, type EtsFit, type EtsSpec } from './ets-model.js';
export { ADI_CUTOFF, CV2_CUTOFF, classifyDemand, type DemandClass, type DemandClassification } from './demand-class.js';
export { normalQuantile } from './normal.js';
export { MODEL_NAMES, forecastMean, forecastModel, isModelName, modelMinLength, type ModelForecast, type ModelName, type ModelOptions, type PredictionInterval } from './models.js';
export { applyEventLifts, estimateEventLifts, type EventEstimate, type EventForecast, type EventLift, type EventOptions } from './events.js';
export { DEFAULT_POOLS, autoForecast, rollingOrigins, type AutoForecast, type AutoOptions, type BacktestAccuracy } from './auto.js';
