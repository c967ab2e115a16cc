export { listShipments, listShipmentsOfOrder } from './shipment.service.js';
export { allocatePaidOrder, allocatePaidOrders, reallocateOrder, getAllocation, releaseCancelledAllocations, type AllocationDto, type AllocateOptions } from './allocation.service.js';
export { logisticsRoutes } from './logistics.routes.js';
export * from './logistics.tables.js';
