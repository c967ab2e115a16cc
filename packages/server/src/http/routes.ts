import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Platform } from '../platform.js';
import { healthRoutes } from './health.routes.js';
import { storeRoutes } from '../modules/store/index.js';
import { analyticsRoutes } from '../modules/analytics/index.js';
import { catalogRoutes } from '../modules/catalog/catalog.routes.js';
import { inventoryRoutes } from '../modules/inventory/inventory.routes.js';
import { ordersRoutes } from '../modules/orders/orders.routes.js';
import { logisticsRoutes } from '../modules/logistics/logistics.routes.js';
import { authRoutes } from '../modules/identity/auth.routes.js';
import { identityRoutes } from '../modules/identity/identity.routes.js';
import { customersRoutes } from '../modules/customers/customers.routes.js';
import { complianceRoutes } from '../modules/compliance/index.js';
import { serviceRoutes } from '../modules/service/index.js';
import { riskRoutes } from '../modules/risk/index.js';
import { pricingRoutes } from '../modules/pricing/index.js';
import { experimentsRoutes } from '../modules/experiments/index.js';
import { segmentsRoutes } from '../modules/segments/index.js';
import { loyaltyRoutes } from '../modules/loyalty/index.js';
import { forecastingRoutes } from '../modules/forecasting/index.js';
import { replenishmentRoutes } from '../modules/replenishment/index.js';
import { selectionRoutes } from '../modules/selection/index.js';

/** A Fastify scope whose route schemas are zod (from @zhanggui/contracts). */
export type ZodApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export interface RouteDeps {
  platform: Pick<Platform, 'database' | 'cipher'> & Partial<Pick<Platform, 'config'>>;
  now: () => Date;
}

export type RouteModule = (app: ZodApp, deps: RouteDeps) => Promise<void> | void;

/** Every module's routes, mounted under /api. */
export const routeModules: RouteModule[] = [
  healthRoutes, storeRoutes,
  catalogRoutes, inventoryRoutes, ordersRoutes, logisticsRoutes,
  authRoutes, identityRoutes, customersRoutes,
  complianceRoutes, serviceRoutes, riskRoutes,
  analyticsRoutes,
  pricingRoutes,
  experimentsRoutes,
  segmentsRoutes, loyaltyRoutes,
  forecastingRoutes, replenishmentRoutes, selectionRoutes,
];
