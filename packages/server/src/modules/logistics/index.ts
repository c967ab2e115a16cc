export { listShipments, listShipmentsOfOrder } from './shipment.service.js';
export { allocatePaidOrder, allocatePaidOrders, reallocateOrder, getAllocation, releaseCancelledAllocations, releaseAllocationOfOrder, setWarehouseCanShip, type WarehouseShippingResult, type AllocateRunResult, type AllocationDto, type AllocateOptions } from './allocation.service.js';
export { logisticsRoutes } from './logistics.routes.js';
export * from './logistics.tables.js';
export { dispatchPlan, type DispatchPlanResult } from './dispatch.service.js';
export { createDispatchPlan, listDispatchPlans, getDispatchPlan, releaseDispatchPlan } from './dispatch-plans.service.js';
