import { alertRulesStep, kpiDailyStep } from '../modules/analytics/index.js';
import { clvStep, rfmStep, segmentsStep } from '../modules/segments/index.js';
import { loyaltyStep } from '../modules/loyalty/index.js';
import { demandForecastStep } from '../modules/forecasting/index.js';
import { inventoryPolicyStep, proposalsStep } from '../modules/replenishment/index.js';
import { retentionPurgeStep } from '../modules/compliance/index.js';
import { riskIndicatorsStep } from '../modules/risk/index.js';
import { productLifecycleStep } from '../modules/selection/index.js';
import { couponExpiryStep, referralRewardsStep } from '../modules/pricing/index.js';
import { analyticsRollupsStep } from '../modules/analytics/rollups.pipeline.js';
import type { PipelineStep } from './pipeline.types.js';

/**
 * Every step the modules contribute, in registration order (the run order where dependencies
 * leave it open). The retention purge comes before the analytics rollups: pseudonymised visitor
 * ids can move the rollups' watermark back, and the rollups then catch up in the same run rather
 * than leaving those days to the facts until the next one.
 */
export const pipelineSteps: PipelineStep[] = [kpiDailyStep, retentionPurgeStep, analyticsRollupsStep, alertRulesStep, clvStep, rfmStep, loyaltyStep, segmentsStep, demandForecastStep, inventoryPolicyStep, proposalsStep, productLifecycleStep, riskIndicatorsStep, couponExpiryStep, referralRewardsStep];
