export { listShipments, listShipmentsOfOrder } from './shipment.service.js';
export { logisticsRoutes } from './logistics.routes.js';
export * from './logistics.tables.js';
