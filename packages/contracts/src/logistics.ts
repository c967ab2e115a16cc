import { z } from 'zod';

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
