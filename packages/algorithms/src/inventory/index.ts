// Public surface of the inventory-policy algorithms (ABC × XYZ, safety stock, ROP, EOQ).
export {
  abcClassify, DEFAULT_ABC, DEFAULT_SERVICE_LEVELS, DEFAULT_XYZ, demandCv, inventoryPolicy, xyzClass,
  type AbcClass, type AbcThresholds, type Policy, type PolicyInput, type ServiceLevels, type XyzClass, type XyzThresholds,
} from './policy.js';
export { orderableQuantity, planPurchase, quoteOffer, rankOffers, unitCostAt, type PriceBreak, type PurchaseLine, type PurchasePlanOptions, type SupplierOffer } from './purchase-plan.js';
