import { z } from 'zod';
import { pageQuery } from './common.js';

export const WAREHOUSE_KINDS = ['central', 'regional'] as const;

export const warehouse = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(WAREHOUSE_KINDS),
  region: z.string(),
  city: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  /** False while the warehouse cannot ship; allocation leaves it out (docs/logistics.md). */
  canShip: z.boolean(),
  unableReason: z.string().nullable(),
  createdAt: z.string(),
}).meta({ id: 'Warehouse' });

export const createWarehouseBody = z.object({
  code: z.string().trim().min(1).max(32),
  name: z.string().trim().min(1).max(200),
  kind: z.enum(WAREHOUSE_KINDS),
  /** Province or country the warehouse serves first (matched against an order's ship region). */
  region: z.string().trim().min(1).max(100),
  city: z.string().trim().min(1).max(100).optional(),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
});
export const warehouseListQuery = pageQuery.extend({
  kind: z.enum(WAREHOUSE_KINDS).optional(),
  region: z.string().trim().min(1).optional(),
});

export const stockLevel = z.object({
  warehouseId: z.number().int(),
  warehouseCode: z.string(),
  skuId: z.number().int(),
  skuCode: z.string(),
  skuName: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  safetyBuffer: z.number().int(),
  /** on hand − reserved − safety buffer (metrics.md); negative when the buffer is eaten into. */
  available: z.number().int(),
  updatedAt: z.string(),
}).meta({ id: 'StockLevel' });

export const STOCK_STATES = ['out', 'low', 'in'] as const;

export const stockLevelListQuery = pageQuery.extend({
  skuId: z.coerce.number().int().positive().optional(),
  /** Exact SKU code. */
  sku: z.string().trim().min(1).optional(),
  warehouseId: z.coerce.number().int().positive().optional(),
  /** out: available ≤ 0; low: 0 < available ≤ lowThreshold; in: available > lowThreshold. */
  stock: z.enum(STOCK_STATES).optional(),
  lowThreshold: z.coerce.number().int().min(0).default(10),
});

/** Which SKU: its id or its code (exactly one). */
const skuRef = {
  skuId: z.number().int().positive().optional(),
  sku: z.string().trim().min(1).optional(),
};
const oneSkuRef = (v: { skuId?: number | undefined; sku?: string | undefined }) => (v.skuId === undefined) !== (v.sku === undefined);
const oneSkuRefIssue = { message: 'give exactly one of skuId or sku', path: ['sku'] };

export const receiveStockBody = z.object({
  warehouseId: z.number().int().positive(),
  ...skuRef,
  quantity: z.number().int().positive().max(10_000_000),
  note: z.string().trim().max(500).optional(),
}).refine(oneSkuRef, oneSkuRefIssue);

export const adjustStockBody = z.object({
  warehouseId: z.number().int().positive(),
  ...skuRef,
  /** Signed change of the units on hand (a count correction, damage, loss). */
  delta: z.number().int().min(-10_000_000).max(10_000_000).default(0),
  /** New safety buffer for this SKU in this warehouse. */
  safetyBuffer: z.number().int().min(0).optional(),
  reason: z.string().trim().min(1).max(500),
}).refine(oneSkuRef, oneSkuRefIssue).refine((v) => v.delta !== 0 || v.safetyBuffer !== undefined, { message: 'change the quantity (delta) or the safety buffer', path: ['delta'] });

export type CreateWarehouseInput = z.infer<typeof createWarehouseBody>;
export type WarehouseListQuery = z.infer<typeof warehouseListQuery>;
export type StockLevelListQuery = z.infer<typeof stockLevelListQuery>;
export type ReceiveStockInput = z.infer<typeof receiveStockBody>;
export type AdjustStockInput = z.infer<typeof adjustStockBody>;
export type WarehouseDto = z.infer<typeof warehouse>;
export type StockLevelDto = z.infer<typeof stockLevel>;
