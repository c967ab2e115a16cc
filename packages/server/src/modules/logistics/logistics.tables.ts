import { sql } from 'drizzle-orm';
import { check, date, doublePrecision, index, integer, jsonb, pgTable, text, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createdAt, id, money, ref, tstz } from '../../db/columns.js';
import { orders } from '../orders/orders.tables.js';
import { warehouses } from '../inventory/inventory.tables.js';

export const shipments = pgTable('shipments', {
  id: id(),
  orderId: ref('order_id').notNull().references(() => orders.id, { onDelete: 'cascade' }),
  warehouseId: ref('warehouse_id').notNull().references(() => warehouses.id),
  carrier: text('carrier').notNull(),
  trackingNo: text('tracking_no'),
  destRegion: text('dest_region'),
  status: text('status').notNull().default('pending'),
  shippedAt: tstz('shipped_at'),
  deliveredAt: tstz('delivered_at'),
  /** When delivery was promised by (e.g. paid + 24 h for same-region stock). */
  promisedAt: tstz('promised_at'),
  /** Allocation (分仓): the rule that chose this warehouse, the reason in words, the modelled cost. */
  allocationRule: text('allocation_rule'),
  allocationReason: text('allocation_reason'),
  estimatedCost: money('estimated_cost'),
  /** The released dispatch plan that put this shipment on a van. */
  dispatchPlanId: ref('dispatch_plan_id').references((): AnyPgColumn => dispatchPlans.id),
  createdAt: createdAt(),
}, (t) => [
  index('shipments_order_idx').on(t.orderId),
  index('shipments_dispatch_plan_idx').on(t.dispatchPlanId),
  index('shipments_shipped_at_idx').on(t.shippedAt),
  check('shipments_status_check', sql`${t.status} in ('pending','shipped','delivered','returned','lost','cancelled')`),
]);

/**
 * One row per order that allocation has handled: the guard against double allocation (the
 * primary key), and what was decided. `released` once the order is cancelled or refunded.
 */
export const orderAllocations = pgTable('order_allocations', {
  orderId: ref('order_id').primaryKey().references(() => orders.id, { onDelete: 'cascade' }),
  status: text('status').notNull(),
  rule: text('rule').notNull(),
  reason: text('reason').notNull(),
  estimatedCost: money('estimated_cost'),
  parcels: integer('parcels').notNull().default(0),
  plan: jsonb('plan').notNull(),
  attempts: integer('attempts').notNull().default(1),
  allocatedAt: tstz('allocated_at').notNull(),
  updatedAt: tstz('updated_at').notNull(),
}, (t) => [
  index('order_allocations_status_idx').on(t.status),
  check('order_allocations_status_check', sql`${t.status} in ('allocated','backorder','released')`),
]);

/**
 * A stored dispatch plan: one warehouse, one business day and wave, the solver settings it was
 * made with, its cost and the driver manifests (`plan`: depot, routes with stops in order, ETA,
 * window and load, unassigned shipments). `released` hands the shipments to the drivers; at most
 * one released plan per warehouse, day and wave.
 */
export const dispatchPlans = pgTable('dispatch_plans', {
  id: id(),
  warehouseId: ref('warehouse_id').notNull().references(() => warehouses.id),
  planDate: date('plan_date').notNull(),
  wave: integer('wave').notNull().default(1),
  status: text('status').notNull().default('draft'),
  seed: integer('seed').notNull(),
  /** Solver budget: a time limit (ms) and/or an iteration cap; iterations is what was run. */
  timeLimitMs: integer('time_limit_ms'),
  maxIterations: integer('max_iterations'),
  iterations: integer('iterations').notNull(),
  /** The solver's objective: Σ fixed vehicle costs + metres driven. */
  cost: doublePrecision('cost').notNull(),
  shipments: integer('shipments').notNull(),
  vehicles: integer('vehicles').notNull(),
  units: integer('units').notNull(),
  distanceKm: doublePrecision('distance_km').notNull(),
  plan: jsonb('plan').notNull(),
  createdAt: createdAt(),
  releasedAt: tstz('released_at'),
}, (t) => [
  index('dispatch_plans_warehouse_date_idx').on(t.warehouseId, t.planDate),
  uniqueIndex('dispatch_plans_released_key').on(t.warehouseId, t.planDate, t.wave).where(sql`${t.status} = 'released'`),
  check('dispatch_plans_status_check', sql`${t.status} in ('draft','released')`),
  check('dispatch_plans_wave_check', sql`${t.wave} >= 1`),
]);
