import type { DispatchPlan, DispatchStop } from '../../api/logistics.api';

export const ROUTE_COLOURS = ['#1f77b4', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22'];

export interface Point { x: number; y: number }

/**
 * Fits the depot and every stop into a width × height box (with a margin), equirectangular around
 * the depot's latitude so distances look right at city scale; north is up.
 */
export function projectStops(plan: Pick<DispatchPlan, 'depot' | 'routes'>, width: number, height: number, margin: number) {
  const cos = Math.cos((plan.depot.lat * Math.PI) / 180);
  const all = [plan.depot, ...plan.routes.flatMap((r) => r.stops)];
  const xs = all.map((p) => p.lng * cos);
  const ys = all.map((p) => p.lat);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((width - 2 * margin) / Math.max(x1 - x0, 1e-9), (height - 2 * margin) / Math.max(y1 - y0, 1e-9));
  const at = (p: { lat: number; lng: number }): Point => ({
    x: Math.round((margin + (p.lng * cos - x0) * scale) * 10) / 10,
    y: Math.round((height - margin - (p.lat - y0) * scale) * 10) / 10,
  });
  return {
    depot: at(plan.depot),
    routes: plan.routes.map((r) => ({ vehicle: r.vehicle, stops: r.stops as DispatchStop[], points: r.stops.map(at) })),
  };
}
