import { z } from 'zod';
import { pageQuery } from './common.js';
import { warehouse } from './inventory.js';

/** Allocation (分仓) of a paid order: the rule that decided, the reason, and the shipments it made. */
export const allocationShipment = z.object({
  id: z.number().int(),
  warehouseId: z.number().int(),
  warehouseCode: z.string(),
  carrier: z.string(),
  status: z.string(),
  promisedAt: z.string().nullable(),
  rule: z.string().nullable(),
  reason: z.string().nullable(),
  /** Modelled logistics cost of this parcel, fen. */
  estimatedCost: z.number().int().nullable(),
  lines: z.array(z.object({ lineId: z.number().int().nullable(), skuId: z.number().int(), quantity: z.number().int() })),
}).meta({ id: 'AllocationShipment' });

export const allocation = z.object({
  orderId: z.number().int(),
  status: z.enum(['allocated', 'backorder', 'released']),
  rule: z.string(),
  reason: z.string(),
  estimatedCost: z.number().int().nullable(),
  attempts: z.number().int(),
  allocatedAt: z.string(),
  shipments: z.array(allocationShipment),
}).meta({ id: 'Allocation' });

export const allocateBody = z.object({
  /** Ship lines from up to three warehouses when no single one has everything (default true). */
  allowSplit: z.boolean().optional(),
}).default({});

export const reallocateBody = z.object({
  /** Warehouses that cannot ship this order now. */
  excludeWarehouseIds: z.array(z.number().int().positive()).min(1),
  allowSplit: z.boolean().optional(),
});

export const allocateRunBody = z.object({
  allowSplit: z.boolean().optional(),
  limit: z.number().int().min(1).max(5000).optional(),
}).default({});

export const allocateRunResult = z.object({
  allocated: z.number().int(),
  backorder: z.number().int(),
  released: z.number().int(),
  split: z.number().int(),
}).meta({ id: 'AllocateRunResult' });

export type AllocationDto = z.infer<typeof allocation>;

export const shipmentEventBody = z.object({
  status: z.enum(['shipped', 'delivered', 'returned', 'lost', 'cancelled']),
  /** When it happened (default: now). */
  at: z.iso.datetime({ offset: true }).optional(),
  trackingNo: z.string().trim().min(1).max(100).optional(),
});

export const slaQuery = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  groupBy: z.enum(['region', 'warehouse', 'carrier']).default('region'),
});

const slaRow = z.object({
  key: z.string(), shipments: z.number().int(), delivered: z.number().int(), onTime: z.number().int(), hitRate: z.number().nullable(),
  missed: z.number().int(), orders: z.number().int(), costPerOrder: z.number().int().nullable(),
});
export const slaReport = z.object({ groupBy: z.enum(['region', 'warehouse', 'carrier']), rows: z.array(slaRow), total: slaRow }).meta({ id: 'SlaReport' });

export const atRiskShipment = z.object({
  id: z.number().int(), orderId: z.number().int(), warehouseCode: z.string(), carrier: z.string(), status: z.string(), destRegion: z.string().nullable(),
  promisedAt: z.string(), predictedAt: z.string(), lateByMinutes: z.number().int(),
}).meta({ id: 'AtRiskShipment' });

/** Mark a warehouse unable (or able again) to ship; unable re-allocates its pending parcels. */
export const warehouseShippingBody = z.object({
  canShip: z.boolean(),
  reason: z.string().trim().min(1).max(200).optional(),
});
export const warehouseShippingResult = z.object({
  warehouse,
  reallocated: z.array(z.number().int()),
  backorder: z.array(z.number().int()),
  blocked: z.array(z.number().int()),
}).meta({ id: 'WarehouseShippingResult' });

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

export const dispatchPlanQuery = z.object({
  warehouseId: z.coerce.number().int().positive(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  vans: z.coerce.number().int().min(1).max(200).optional(),
  iterations: z.coerce.number().int().min(1).max(50_000).optional(),
  seed: z.coerce.number().int().min(0).max(2_147_483_647).optional(),
});

const dispatchStop = z.object({
  seq: z.number().int(), shipmentId: z.number().int(), orderId: z.number().int(), lat: z.number(), lng: z.number(), eta: z.string(), window: z.string(), units: z.number().int(),
});
export const dispatchPlan = z.object({
  warehouseId: z.number().int(), warehouseCode: z.string(), date: z.string(), depot: z.object({ lat: z.number(), lng: z.number() }),
  shipments: z.number().int(), vehicles: z.number().int(), distanceKm: z.number(), iterations: z.number().int(), unassignedShipmentIds: z.array(z.number().int()),
  /** Units on the vans; the solver's objective (Σ fixed vehicle costs + metres driven). */
  units: z.number().int(), cost: z.number(),
  routes: z.array(z.object({
    vehicle: z.number().int(), capacity: z.number().int(), units: z.number().int(), distanceKm: z.number(), returnAt: z.string().nullable(), stops: z.array(dispatchStop),
  })),
}).meta({ id: 'DispatchPlan' });

/** Solver settings of a stored plan: a seed, and an iteration cap and/or a time limit (seconds). */
export const createDispatchPlanBody = z.object({
  warehouseId: z.number().int().positive(),
  date: isoDate,
  /** Wave of the day (1 = first run of the vans). */
  wave: z.number().int().min(1).max(20).default(1),
  vans: z.number().int().min(1).max(200).optional(),
  seed: z.number().int().min(0).max(2_147_483_647).default(1),
  /** Without a time limit the default is 2,000 iterations; with one, iterations only cap it. */
  iterations: z.number().int().min(1).max(1_000_000).optional(),
  timeLimitSeconds: z.number().positive().max(600).optional(),
});

export const DISPATCH_PLAN_STATUSES = ['draft', 'released'] as const;

export const storedDispatchPlan = dispatchPlan.extend({
  id: z.number().int(),
  wave: z.number().int(),
  status: z.enum(DISPATCH_PLAN_STATUSES),
  seed: z.number().int(),
  timeLimitSeconds: z.number().nullable(),
  maxIterations: z.number().int().nullable(),
  createdAt: z.string(),
  releasedAt: z.string().nullable(),
}).meta({ id: 'StoredDispatchPlan' });

export const dispatchPlanSummary = storedDispatchPlan.omit({ depot: true, routes: true, unassignedShipmentIds: true }).meta({ id: 'DispatchPlanSummary' });

export const dispatchPlanListQuery = pageQuery.extend({
  warehouseId: z.coerce.number().int().positive().optional(),
  date: isoDate.optional(),
  status: z.enum(DISPATCH_PLAN_STATUSES).optional(),
});

export type StoredDispatchPlanDto = z.infer<typeof storedDispatchPlan>;
export type DispatchPlanSummaryDto = z.infer<typeof dispatchPlanSummary>;
