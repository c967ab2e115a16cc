import { z } from 'zod';
import { isoDate, pageQuery } from './common.js';
import { minorAmount } from './catalog.js';

export const SALES_CHANNEL_KINDS = ['marketplace', 'own_site', 'mini_program', 'live_stream', 'content', 'offline'] as const;
export const ORDER_DEVICES = ['desktop', 'mobile', 'tablet', 'unknown'] as const;
export const ORDER_STATUS_VALUES = ['pending_payment', 'paid', 'shipped', 'delivered', 'completed', 'cancelled'] as const;

export const salesChannel = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(SALES_CHANNEL_KINDS),
  createdAt: z.string(),
}).meta({ id: 'SalesChannel' });

export const createSalesChannelBody = z.object({
  code: z.string().trim().min(1).max(32).regex(/^[a-z0-9_-]+$/, 'lower-case letters, digits, _ and -'),
  name: z.string().trim().min(1).max(100),
  kind: z.enum(SALES_CHANNEL_KINDS),
});

export const orderSummary = z.object({
  id: z.number().int(),
  channelCode: z.string(),
  device: z.enum(ORDER_DEVICES),
  customerId: z.number().int().nullable(),
  status: z.enum(ORDER_STATUS_VALUES),
  currency: z.string(),
  placedAt: z.string(),
  paidAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  itemsAmount: minorAmount,
  discountAmount: minorAmount,
  shippingAmount: minorAmount,
  payableAmount: minorAmount,
  shipRegion: z.string().nullable(),
  source: z.string(),
}).meta({ id: 'OrderSummary' });

export const orderLine = z.object({
  id: z.number().int(),
  lineNo: z.number().int(),
  skuId: z.number().int(),
  skuCode: z.string(),
  skuName: z.string(),
  quantity: z.number().int(),
  unitPrice: minorAmount,
  unitCost: minorAmount.nullable(),
  /** Σ of the discounts allocated to the line. */
  discount: minorAmount,
  /** quantity × unit price − discount. */
  netAmount: z.number().int(),
}).meta({ id: 'OrderLine' });

export const payment = z.object({ id: z.number().int(), method: z.string(), amount: minorAmount, paidAt: z.string() }).meta({ id: 'Payment' });

export const refund = z.object({
  id: z.number().int(),
  orderId: z.number().int().nullable(),
  amount: minorAmount,
  costAmount: minorAmount.nullable(),
  refundedAt: z.string(),
  reason: z.string().nullable(),
  source: z.string(),
}).meta({ id: 'Refund' });

export const shipment = z.object({
  id: z.number().int(),
  orderId: z.number().int(),
  warehouseId: z.number().int(),
  carrier: z.string(),
  trackingNo: z.string().nullable(),
  destRegion: z.string().nullable(),
  status: z.string(),
  shippedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  promisedAt: z.string().nullable(),
}).meta({ id: 'Shipment' });

export const stockReservation = z.object({
  warehouseId: z.number().int(),
  skuId: z.number().int(),
  quantity: z.number().int(),
  status: z.enum(['active', 'released', 'fulfilled']),
}).meta({ id: 'StockReservation' });

export const orderDetail = orderSummary.extend({
  lines: z.array(orderLine),
  payments: z.array(payment),
  refunds: z.array(refund),
  shipments: z.array(shipment),
  reservations: z.array(stockReservation),
}).meta({ id: 'OrderDetail' });

export const orderListQuery = pageQuery.extend({
  status: z.enum(ORDER_STATUS_VALUES).optional(),
  /** Channel code. */
  channel: z.string().trim().min(1).optional(),
  customerId: z.coerce.number().int().positive().optional(),
  /** First business day (store time zone) of placement, inclusive. */
  placedFrom: isoDate.optional(),
  /** Last business day (store time zone) of placement, inclusive. */
  placedTo: isoDate.optional(),
});

export const refundListQuery = pageQuery.extend({
  orderId: z.coerce.number().int().positive().optional(),
  /** Business days of the refund time (store time zone), both inclusive. */
  from: isoDate.optional(),
  to: isoDate.optional(),
});

export const shipmentListQuery = pageQuery.extend({
  orderId: z.coerce.number().int().positive().optional(),
  warehouseId: z.coerce.number().int().positive().optional(),
  status: z.enum(['pending', 'shipped', 'delivered', 'returned', 'lost']).optional(),
});

export const placeOrderLineBody = z.object({
  /** SKU code; or give skuId. */
  sku: z.string().trim().min(1).optional(),
  skuId: z.number().int().positive().optional(),
  quantity: z.number().int().positive().max(100_000),
}).refine((l) => (l.sku === undefined) !== (l.skuId === undefined), { message: 'give exactly one of sku or skuId', path: ['sku'] });

export const placeOrderBody = z.object({
  /** Sales channel code. */
  channel: z.string().trim().min(1),
  device: z.enum(ORDER_DEVICES).default('unknown'),
  customerId: z.number().int().positive().optional(),
  lines: z.array(placeOrderLineBody).min(1).max(200),
  /** Region to ship to; stock in a warehouse of that region is preferred. */
  shipRegion: z.string().trim().min(1).max(100).optional(),
});

export const payOrderBody = z.object({
  method: z.string().trim().min(1).max(50),
  /** Must equal the order's payable amount when given. */
  amount: minorAmount.optional(),
});

export const cancelOrderBody = z.object({ reason: z.string().trim().min(1).max(500).optional() });

// Loose: the validated object replaces request.headers, so the others must survive.
export const idempotencyHeaders = z.looseObject({
  'idempotency-key': z.string().min(1).max(255).optional(),
});

export type PlaceOrderInput = z.infer<typeof placeOrderBody>;
export type PayOrderInput = z.infer<typeof payOrderBody>;
export type OrderListQuery = z.infer<typeof orderListQuery>;
export type RefundListQuery = z.infer<typeof refundListQuery>;
export type CreateSalesChannelInput = z.infer<typeof createSalesChannelBody>;
export type SalesChannelDto = z.infer<typeof salesChannel>;
export type OrderSummaryDto = z.infer<typeof orderSummary>;
export type OrderDetailDto = z.infer<typeof orderDetail>;
export type RefundDto = z.infer<typeof refund>;
export type ShipmentListQuery = z.infer<typeof shipmentListQuery>;
export type ShipmentDto = z.infer<typeof shipment>;
