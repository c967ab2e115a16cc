import { describe, expect, it } from 'vitest';
import { projectStops } from './dispatch-map';

describe('projectStops', () => {
  it('fits depot and stops in the box, north up, keeping the aspect ratio', () => {
    const stop = (lat: number, lng: number) => ({ seq: 1, shipmentId: 1, orderId: 1, lat, lng, eta: '09:00', window: '', units: 1 });
    const plan = { depot: { lat: 0, lng: 0 }, routes: [{ vehicle: 1, capacity: 9, units: 2, distanceKm: 1, returnAt: null, stops: [stop(1, 0), stop(0, 2)] }] };
    const { depot, routes } = projectStops(plan, 220, 120, 10);
    // Span: 2° of longitude (cos 0 = 1) by 1° of latitude; scale = min(200 / 2, 100 / 1) = 100 px per degree.
    expect(depot).toEqual({ x: 10, y: 110 });
    expect(routes[0]!.points).toEqual([{ x: 10, y: 10 }, { x: 210, y: 110 }]);
  });
});
