// Customer lifetime value and churn: BG/NBD, Gamma-Gamma, CLV, and the summaries they take.
export { fitBgNbd, bgNbdLogLikelihood, bgNbdLogLikelihoodGradient, type BgNbdParams, type BgNbdFit, type FitBgNbdOptions } from './bg-nbd.js';
export { bgNbdProbabilityAlive, bgNbdConditionalExpectedPurchases, bgNbdExpectedPurchasesNew } from './bg-nbd-predict.js';
export { fitGammaGamma, gammaGammaConditionalExpectedSpend, type GammaGammaParams, type GammaGammaFit, type SpendSummary } from './gamma-gamma.js';
export { customerLifetimeValue, churnRiskBand, CHURN_RISK_BANDS, type ClvOptions, type ClvResult, type ChurnRiskBand } from './clv.js';
export { buildCustomerSummary, type Transaction, type BuildSummaryOptions, type CustomerSummary } from './summary.js';
export type { BtydSummary } from './validate.js';
