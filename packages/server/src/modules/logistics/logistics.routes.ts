import { z } from 'zod';
import {
  allocateBody, allocateRunBody, allocateRunResult, allocation, atRiskShipment, dispatchPlan as dispatchPlanSchema, dispatchPlanQuery, errorBody, idParam, page,
  reallocateBody, shipment, shipmentEventBody, shipmentListQuery, slaQuery, slaReport as slaReportSchema,
  createDispatchPlanBody, dispatchPlanListQuery, dispatchPlanSummary, storedDispatchPlan, warehouseShippingBody, warehouseShippingResult,
} from '@zhanggui/contracts';
import { actorOf } from '../../http/auth.js';
import type { RouteModule } from '../../http/routes.js';
import { allocatePaidOrder, allocatePaidOrders, getAllocation, reallocateOrder, setWarehouseCanShip } from './allocation.service.js';
import { createDispatchPlan, getDispatchPlan, listDispatchPlans, releaseDispatchPlan } from './dispatch-plans.service.js';
import { dispatchPlan } from './dispatch.service.js';
import { listShipments } from './shipment.service.js';
import { atRiskShipments, openAtRiskTickets, recordShipmentEvent, slaReport } from './tracking.service.js';

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
  }, async (req) => {
    const { allocated, backorder, released, split } = await allocatePaidOrders(db, actorOf(req), now(), {
      ...(req.body?.allowSplit !== undefined ? { allowSplit: req.body.allowSplit } : {}), ...(req.body?.limit !== undefined ? { limit: req.body.limit } : {}),
    });
    return { allocated, backorder, released, split };
  });

  app.post('/shipments/:id/events', {
    config: write, schema: { tags, summary: 'Record a tracking event: shipped, delivered, returned, lost or cancelled (legal transitions only)', params: idParam, body: shipmentEventBody, response: { 200: shipment, ...errors } },
  }, async (req) => recordShipmentEvent(platform.database.db, actorOf(req), req.params.id, { status: req.body.status, at: req.body.at ? new Date(req.body.at) : undefined, trackingNo: req.body.trackingNo }, now()));
  app.get('/logistics/sla', {
    config: read, schema: { tags, summary: 'Promise kept vs missed and cost per order, by region, warehouse or carrier', querystring: slaQuery, response: { 200: slaReportSchema, 400: errorBody } },
  }, async (req) => slaReport(db, req.query, now()));
  app.get('/logistics/at-risk', {
    config: read, schema: { tags, summary: 'Shipments predicted to miss their promise, latest first', response: { 200: z.array(atRiskShipment) } },
  }, async () => atRiskShipments(db, now()));
  app.post('/logistics/at-risk/tickets', {
    config: { permission: 'service:write' },
    schema: { tags, summary: 'Open a service ticket for each shipment predicted to miss its promise (once per shipment)', response: { 200: z.object({ opened: z.number().int(), alreadyOpen: z.number().int() }) } },
  }, async (req) => openAtRiskTickets(db, actorOf(req), now()));
  app.get('/logistics/dispatch-plan', {
    config: read, schema: { tags, summary: 'Routes and driver manifests for a warehouse\'s pending regional-fleet shipments', querystring: dispatchPlanQuery, response: { 200: dispatchPlanSchema, ...errors } },
  }, async (req) => dispatchPlan(db, {
    warehouseId: req.query.warehouseId, date: req.query.date,
    ...(req.query.vans !== undefined ? { vans: req.query.vans } : {}), ...(req.query.iterations !== undefined ? { iterations: req.query.iterations } : {}),
    ...(req.query.seed !== undefined ? { seed: req.query.seed } : {}),
  }));

  app.get('/logistics/dispatch-plans', {
    config: read, schema: { tags, summary: 'Stored dispatch plans, latest day first (no manifests)', querystring: dispatchPlanListQuery, response: { 200: page(dispatchPlanSummary), 400: errorBody } },
  }, async (req) => listDispatchPlans(db, req.query));
  app.post('/logistics/dispatch-plans', {
    config: write,
    schema: {
      tags, summary: 'Plan a warehouse\'s pending regional-fleet shipments for a day (and wave) and store it as a draft', body: createDispatchPlanBody,
      description: 'Solver settings: seed (default 1), iterations (default 2,000 without a time limit) and/or timeLimitSeconds. Deterministic for a seed and iterations without a time limit.',
      response: { 201: storedDispatchPlan, ...errors },
    },
  }, async (req, reply) => reply.status(201).send(await createDispatchPlan(db, actorOf(req), req.body, now())));
  app.get('/logistics/dispatch-plans/:id', {
    config: read, schema: { tags, summary: 'A stored dispatch plan with its routes and driver manifests', params: idParam, response: { 200: storedDispatchPlan, 404: errorBody } },
  }, async (req) => getDispatchPlan(db, req.params.id));
  app.post('/logistics/dispatch-plans/:id/release', {
    config: write, schema: { tags, summary: 'Release a draft plan: its shipments become shipped (handed to the drivers), all or nothing', params: idParam, response: { 200: storedDispatchPlan, ...errors } },
  }, async (req) => releaseDispatchPlan(db, actorOf(req), req.params.id, now()));
  app.post('/logistics/warehouses/:id/shipping', {
    config: write,
    schema: {
      tags, summary: 'Mark a warehouse unable (or able again) to ship; unable re-allocates its pending parcels elsewhere in the same transaction', params: idParam,
      body: warehouseShippingBody, response: { 200: warehouseShippingResult, ...errors },
    },
  }, async (req) => setWarehouseCanShip(db, actorOf(req), req.params.id, { canShip: req.body.canShip, reason: req.body.reason }, now()));
};
