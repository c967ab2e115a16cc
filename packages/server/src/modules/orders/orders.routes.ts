import { z } from 'zod';
import {
  cancelOrderBody, createSalesChannelBody, errorBody, idempotencyHeaders, idParam, orderDetail, orderListQuery, orderSummary, page,
  payOrderBody, placeOrderBody, refund, refundListQuery, salesChannel,
} from '@zhanggui/contracts';
import { AppError } from '../../errors.js';
import { actorOf } from '../../http/auth.js';
import type { RouteModule } from '../../http/routes.js';
import { createChannel, listChannels } from './channel.service.js';
import { cancelOrder, payOrder } from './order-payment.service.js';
import { getOrder, listOrders, listRefunds } from './order-query.service.js';
import { placeOrder } from './place-order.service.js';

const read = { permission: 'orders:read' } as const;
const write = { permission: 'orders:write' } as const;
const tags = ['orders'];
const errors = { 400: errorBody, 404: errorBody, 409: errorBody };

export const ordersRoutes: RouteModule = (app, { platform, now }) => {
  const db = platform.database.db;

  app.get('/channels', { config: read, schema: { tags, summary: 'Sales channels', response: { 200: z.array(salesChannel) } } },
    async () => listChannels(db));
  app.post('/channels', { config: write, schema: { tags, summary: 'Create a sales channel', body: createSalesChannelBody, response: { 201: salesChannel, ...errors } } },
    async (req, reply) => reply.status(201).send(await createChannel(db, actorOf(req), req.body)));

  app.get('/orders', { config: read, schema: { tags, summary: 'Orders, newest first', querystring: orderListQuery, response: { 200: page(orderSummary), 400: errorBody } } },
    async (req) => listOrders(db, req.query));
  app.get('/orders/:id', { config: read, schema: { tags, summary: 'An order with lines, payments, refunds, shipments and reservations', params: idParam, response: { 200: orderDetail, 404: errorBody } } },
    async (req) => getOrder(db, req.params.id));
  app.get('/refunds', { config: read, schema: { tags, summary: 'Refunds, newest first', querystring: refundListQuery, response: { 200: page(refund), 400: errorBody } } },
    async (req) => listRefunds(db, req.query));

  app.post('/orders', {
    config: write,
    schema: {
      tags,
      summary: 'Place an order: price at list price, reserve stock, write it — all or nothing',
      description: 'Send an `Idempotency-Key` header to make retries safe: a repeat with the same body returns the first response; the same key with another body is refused (422). Responses: 409 `insufficient_stock` names the SKU and the units available.',
      headers: idempotencyHeaders,
      body: placeOrderBody,
      response: { 201: orderDetail, ...errors, 422: errorBody },
    },
  }, async (req, reply) => {
    const result = await placeOrder(db, { input: req.body, actor: actorOf(req), now: now(), idempotencyKey: req.headers['idempotency-key'] });
    if (!result.ok) {
      throw new AppError('insufficient_stock', `Not enough stock of ${result.sku}: ${result.requested} requested, ${result.available} available`,
        { sku: result.sku, skuId: result.skuId, requested: result.requested, available: result.available });
    }
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(201).send(result.order);
  });
  app.post('/orders/:id/pay', { config: write, schema: { tags, summary: 'Record payment of the whole payable amount', params: idParam, body: payOrderBody, response: { 200: orderDetail, ...errors } } },
    async (req) => payOrder(db, actorOf(req), req.params.id, req.body, now()));
  app.post('/orders/:id/cancel', {
    config: write,
    schema: { tags, summary: 'Cancel an unshipped order: release its stock, refund it if paid', params: idParam, body: cancelOrderBody, response: { 200: orderDetail, ...errors } },
  }, async (req) => cancelOrder(db, actorOf(req), req.params.id, req.body ?? {}, now()));
};
