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

/** Every step the modules contribute, in registration order. */
export const pipelineSteps: PipelineStep[] = [kpiDailyStep, analyticsRollupsStep, alertRulesStep, clvStep, rfmStep, loyaltyStep, segmentsStep, demandForecastStep, inventoryPolicyStep, proposalsStep, productLifecycleStep, retentionPurgeStep, riskIndicatorsStep, couponExpiryStep, referralRewardsStep];
