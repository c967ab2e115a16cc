// What other modules, the CLI and the HTTP layer may use from loyalty.
export { getLoyaltyConfig, setLoyaltyConfig, validateLoyaltyConfig, DEFAULT_LOYALTY_CONFIG, type LoyaltyConfig, type TierDefinition } from './loyalty-settings.js';
export { postPoints, pointsBalance, pointsLedger, pointsLiability, expirePoints, expirablePoints, expiryRemindersDue, expiryDay, type PostingRequest, type PostingResult } from './points.service.js';
export { loyaltyStep, runLoyalty, earnAndUpgradeOnPayment, clawBackOnRefund, evaluateTiers, growthValues, earnOnPaidOrders, clawBackRefunds } from './loyalty.pipeline.js';
export * from './loyalty.tables.js';
export { customerLoyalty, loyaltyDashboardFor, postManualPoints, updateLoyaltyConfig } from './loyalty.service.js';
export { loyaltyRoutes } from './loyalty.routes.js';
