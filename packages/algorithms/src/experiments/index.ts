export {
  analyzeExperiment, twoProportionZTest, welchTTest, relativeLiftCi, cuped, srmTest, msprt, holm, benjaminiHochberg,
  betaPosterior, normalPosterior, chanceToWin, sampleSize,
  type MetricKind, type VariantSummary, type ExperimentSummary, type VariantResult, type ExperimentResult,
} from './stats.js';
export { normalCdf, studentTSf, chiSquareSf, betaInc, gammaP, gammaQ, lnGamma } from './distributions.js';
export { assignVariant, bucketOf, hash53 } from './assign.js';
