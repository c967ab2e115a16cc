import type { OrderDetailDto, PlaceOrderInput } from '@zhanggui/contracts';
import type { Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { findSaleSkus, type SaleSku } from '../catalog/index.js';
import { rethrowConstraint } from '../../db/query-helpers.js';
import { audit, type Actor } from '../identity/index.js';
import { reserveStock, type StockShortage } from '../inventory/index.js';
import { getStoreSettings } from '../store/index.js';
import { findChannelByCode } from './channel.service.js';
import { claimIdempotencyKey, completeIdempotencyKey, hashRequest, idempotencyActor, type IdempotencyUse } from './idempotency.service.js';
import { getOrder } from './order-query.service.js';
import { priceAtListPrice } from './order-pricing.js';
import { orderLines, orders } from './orders.tables.js';
import { inTransaction, RollbackWith } from './transaction.js';

export interface PlaceOrderRequest {
  input: PlaceOrderInput;
  actor: Actor;
  now: Date;
  /** The caller's Idempotency-Key, if any. */
  idempotencyKey?: string | undefined;
}

export type PlaceOrderResult =
  | { ok: true; order: OrderDetailDto; /** true when this is the stored response to an earlier request with the key */ replayed: boolean }
  | { ok: false; reason: 'insufficient_stock'; sku: string; skuId: number; requested: number; available: number };

const SCOPE = 'POST /api/orders';

const invalid = (field: string, message: string) => new AppError('validation_failed', `${field}: ${message}`, { issues: [{ field, message }] });

/** Each requested line's SKU, or a validation error naming the line's field. */
function resolveLines(input: PlaceOrderInput, found: { byId: Map<number, SaleSku>; byCode: Map<string, SaleSku> }): SaleSku[] {
  return input.lines.map((line, i) => {
    const field = line.sku !== undefined ? `body.lines.${i}.sku` : `body.lines.${i}.skuId`;
    const sku = line.sku !== undefined ? found.byCode.get(line.sku) : found.byId.get(line.skuId!);
    if (!sku) throw invalid(field, `no SKU ${line.sku ?? line.skuId}`);
    if (!sku.sellable) throw invalid(field, `SKU ${sku.code} is not for sale`);
    return sku;
  });
}

/**
 * Place an order: claim the idempotency key, price every line at list price, write the order and
 * its lines, reserve stock and audit — all in one transaction, so a request that fails for any
 * reason (a short line, a bad reference, a crash) leaves nothing behind. A short line is an
 * expected outcome and comes back as a result, not an exception.
 */
export async function placeOrder(db: Db, req: PlaceOrderRequest): Promise<PlaceOrderResult> {
  const { input, actor, now } = req;
  const use: IdempotencyUse | undefined = req.idempotencyKey === undefined ? undefined
    : { scope: SCOPE, actor: idempotencyActor(actor), key: req.idempotencyKey, requestHash: hashRequest(input) };
  try {
    return await inTransaction(db, async (tx): Promise<PlaceOrderResult> => {
      if (use) {
        const claim = await claimIdempotencyKey(tx, use);
        if (claim.kind === 'replay') return { ok: true, order: claim.body as OrderDetailDto, replayed: true };
      }
      const { currency } = await getStoreSettings(tx);
      const channel = await findChannelByCode(tx, input.channel);
      if (!channel) throw invalid('body.channel', `no sales channel '${input.channel}'`);
      const found = await findSaleSkus(tx, {
        ids: input.lines.flatMap((l) => (l.skuId !== undefined ? [l.skuId] : [])),
        codes: input.lines.flatMap((l) => (l.sku !== undefined ? [l.sku] : [])),
      });
      const lineSkus = resolveLines(input, found);
      const priced = priceAtListPrice(lineSkus.map((s, i) => ({ skuId: s.id, quantity: input.lines[i]!.quantity, price: s.price, unitCost: s.unitCost })));

      const [order] = await tx.insert(orders).values({
        channelId: channel.id, device: input.device, customerId: input.customerId ?? null, status: 'pending_payment', currency,
        placedAt: now, itemsAmount: priced.itemsAmount, discountAmount: priced.discountAmount, shippingAmount: priced.shippingAmount,
        payableAmount: priced.payableAmount, shipRegion: input.shipRegion ?? null,
      }).returning({ id: orders.id });
      const lineIds = await tx.insert(orderLines).values(priced.lines.map((l) => ({
        orderId: order!.id, lineNo: l.lineNo, skuId: l.skuId, quantity: l.quantity, unitPrice: l.unitPrice, unitCost: l.unitCost,
      }))).returning({ id: orderLines.id, lineNo: orderLines.lineNo });
      const idOfLine = new Map(lineIds.map((r) => [r.lineNo, r.id]));

      const reserved = await reserveStock(tx, order!.id,
        priced.lines.map((l) => ({ orderLineId: idOfLine.get(l.lineNo)!, skuId: l.skuId, quantity: l.quantity })), { shipRegion: input.shipRegion ?? null });
      if (!reserved.ok) throw new RollbackWith(shortageResult(reserved.shortage, lineSkus));

      const created = await getOrder(tx, order!.id);
      await audit(tx, actor, {
        action: 'create', entity: 'order', entityId: created.id,
        after: { status: created.status, channel: created.channelCode, payableAmount: created.payableAmount, lines: created.lines.length },
        details: use ? { idempotencyKey: use.key } : undefined,
      });
      if (use) await completeIdempotencyKey(tx, use, 201, created);
      return { ok: true, order: created, replayed: false };
    });
  } catch (e) {
    rethrowConstraint(e, { orders_customer_id_customers_id_fk: { field: 'body.customerId', message: 'no such customer' } });
  }
}

function shortageResult(s: StockShortage, lineSkus: SaleSku[]): PlaceOrderResult {
  const code = lineSkus.find((k) => k.id === s.skuId)?.code ?? String(s.skuId);
  return { ok: false, reason: 'insufficient_stock', sku: code, skuId: s.skuId, requested: s.requested, available: s.available };
}
