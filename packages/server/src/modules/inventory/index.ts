// What other modules, the CLI, the simulator and the benchmark may use from inventory.
export { listWarehouses, getWarehouse, getWarehouseByCode, createWarehouse, setWarehouseShipping } from './warehouse.service.js';
export { listStockLevels, getStockLevel, receiveStock, adjustStock } from './stock.service.js';
export { reserveStock, reserveStockAt, releaseReservation, listReservationsOfOrder, type Reservation, type ReservationLine, type ReserveResult, type ReserveAtResult, type StockShortage, type WarehouseShortage } from './reservation.service.js';
export { inventoryRoutes } from './inventory.routes.js';
export * from './inventory.tables.js';
