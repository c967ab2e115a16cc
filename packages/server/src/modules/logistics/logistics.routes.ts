import {
  allocateBody, allocateRunBody, allocateRunResult, allocation, errorBody, idParam, page, reallocateBody, shipment, shipmentListQuery,
} from '@zhanggui/contracts';
import { actorOf } from '../../http/auth.js';
import type { RouteModule } from '../../http/routes.js';
import { allocatePaidOrder, allocatePaidOrders, getAllocation, reallocateOrder } from './allocation.service.js';
import { listShipments } from './shipment.service.js';

const read = { permission: 'orders:read' } as const;
const write = { permission: 'orders:write' } as const;
const tags = ['logistics'];
const errors = { 400: errorBody, 404: errorBody, 409: errorBody };

export const logisticsRoutes: RouteModule = (app, { platform, now }) => {
  const db = platform.database.db;
  app.get('/shipments', {
    config: read,
    schema: { tags, summary: 'Shipments, newest first', querystring: shipmentListQuery, response: { 200: page(shipment), 400: errorBody } },
  }, async (req) => listShipments(db, req.query));

  app.get('/orders/:id/allocation', {
    config: read, schema: { tags, summary: 'How a paid order was allocated to warehouses (rule, reason, shipments)', params: idParam, response: { 200: allocation, 404: errorBody } },
  }, async (req) => getAllocation(db, req.params.id));
  app.post('/orders/:id/allocation', {
    config: write,
    schema: {
      tags, summary: 'Allocate a paid order (分仓); idempotent', params: idParam, body: allocateBody, response: { 200: allocation, ...errors },
      description: 'Rules in order: in-region stock, fewest parcels, nearest, cheapest, warehouse priority (docs/logistics.md). Reservations move to the chosen warehouses; one shipment per parcel records the rule and reason.',
    },
  }, async (req) => allocatePaidOrder(db, actorOf(req), req.params.id, now(), { ...(req.body?.allowSplit !== undefined ? { allowSplit: req.body.allowSplit } : {}) }));
  app.post('/orders/:id/reallocate', {
    config: write, schema: { tags, summary: 'Re-allocate a paid, unshipped order without the given warehouses', params: idParam, body: reallocateBody, response: { 200: allocation, ...errors } },
  }, async (req) => reallocateOrder(db, actorOf(req), req.params.id, now(), {
    exclude: req.body.excludeWarehouseIds, ...(req.body.allowSplit !== undefined ? { allowSplit: req.body.allowSplit } : {}),
  }));
  app.post('/logistics/allocate', {
    config: write, schema: { tags, summary: 'Allocate every paid, unallocated order (and retry backorders); release cancelled ones', body: allocateRunBody, response: { 200: allocateRunResult, 400: errorBody } },
  }, async (req) => allocatePaidOrders(db, actorOf(req), now(), {
    ...(req.body?.allowSplit !== undefined ? { allowSplit: req.body.allowSplit } : {}), ...(req.body?.limit !== undefined ? { limit: req.body.limit } : {}),
  }));
};
