// What other modules, the CLI, the simulator and the benchmark may use from orders.
export { listChannels, findChannelByCode, createChannel } from './channel.service.js';
export { listOrders, getOrder, listRefunds } from './order-query.service.js';
export { placeOrder, type PlaceOrderRequest, type PlaceOrderResult } from './place-order.service.js';
export { payOrder, cancelOrder } from './order-payment.service.js';
export { priceAtListPrice, planFullRefund } from './order-pricing.js';
export { ordersRoutes } from './orders.routes.js';
export * from './orders.tables.js';
