// What other modules, the CLI, the simulator and the benchmark may use from inventory.
export { listWarehouses, getWarehouse, createWarehouse } from './warehouse.service.js';
export { listStockLevels, getStockLevel, receiveStock, adjustStock } from './stock.service.js';
export { reserveStock, releaseReservation, listReservationsOfOrder, type Reservation, type ReservationLine, type ReserveResult, type StockShortage } from './reservation.service.js';
export { inventoryRoutes } from './inventory.routes.js';
export * from './inventory.tables.js';
