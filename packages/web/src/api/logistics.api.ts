import { apiRequest } from './api-client';

export interface DispatchStop { seq: number; shipmentId: number; orderId: number; lat: number; lng: number; eta: string; window: string; units: number }
export interface DispatchRoute { vehicle: number; capacity: number; units: number; distanceKm: number; returnAt: string | null; stops: DispatchStop[] }
/** The `DispatchPlan` of the API (contracts/src/logistics.ts). */
export interface DispatchPlan {
  warehouseId: number; warehouseCode: string; date: string; depot: { lat: number; lng: number };
  shipments: number; vehicles: number; distanceKm: number; iterations: number; unassignedShipmentIds: number[]; routes: DispatchRoute[];
}
export interface WarehouseOption { id: number; code: string; name: string; lat: number | null; lng: number | null }

export const fetchWarehouses = (signal?: AbortSignal) =>
  apiRequest<{ items: WarehouseOption[] }>('GET', '/warehouses', { query: { limit: 100 }, signal });

/** GET /api/logistics/dispatch-plan: routes and manifests of a warehouse's pending regional-fleet shipments. */
export const fetchDispatchPlan = (q: { warehouseId: number; date: string }, signal?: AbortSignal) =>
  apiRequest<DispatchPlan>('GET', '/logistics/dispatch-plan', { query: q, signal });
