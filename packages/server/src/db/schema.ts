// The whole schema, assembled from the tables each module owns (drizzle-kit reads this file).
export * from '../modules/store/store.tables.js';
export * from '../modules/identity/identity.tables.js';
export * from '../modules/catalog/catalog.tables.js';
export * from '../modules/customers/customers.tables.js';
export * from '../modules/orders/orders.tables.js';
export * from '../modules/inventory/inventory.tables.js';
export * from '../modules/logistics/logistics.tables.js';
export * from '../modules/marketing/marketing.tables.js';
export * from '../modules/service/service.tables.js';
export * from '../modules/compliance/compliance.tables.js';
export * from '../modules/analytics/analytics.tables.js';
export * from '../modules/segments/segments.tables.js';
export * from '../modules/loyalty/loyalty.tables.js';
export * from '../modules/forecasting/forecasting.tables.js';
export * from '../modules/replenishment/replenishment.tables.js';
export * from '../modules/pricing/pricing.tables.js';
export * from '../pipeline/pipeline.tables.js';
