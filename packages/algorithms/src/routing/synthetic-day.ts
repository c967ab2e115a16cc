/**
 * A reproducible same-day delivery day around one or more warehouses, for benchmarks and demos
 * when no street-level addresses exist (the simulated store knows cities, not addresses): stops
 * scattered around each depot in clusters (residential compounds) plus a uniform spread, parcels
 * of 1–3, half-day or evening windows, a van fleet per depot with a couple of larger trucks, and
 * a share of "next-day allowed" stops that may be left out at a penalty.
 */
import { createRng } from '../shared/rng.js';
import { fleetInstance, type FleetInput, type FleetInstance, type FleetVehicle } from './fleet.js';

export interface SyntheticDayOptions {
  seed?: number;
  stops: number;
  depots: { lat: number; lng: number }[];
  /** Radius of the delivery area around each depot, km (default 25). */
  radiusKm?: number;
  /** Share of stops that may slip to tomorrow at a penalty (default 0.1). */
  optionalShare?: number;
}

const KM_PER_DEG_LAT = 111.195;

/** Times in minutes from midnight, distances in metres, travel at 25 km/h (416.7 m/min). */
export function syntheticDeliveryDay(o: SyntheticDayOptions): { input: FleetInput; instance: FleetInstance } {
  const rng = createRng(o.seed ?? 1);
  const radius = o.radiusKm ?? 25;
  const lat: number[] = o.depots.map((d) => d.lat);
  const lng: number[] = o.depots.map((d) => d.lng);
  const demand: number[] = o.depots.map(() => 0);
  const ready: number[] = o.depots.map(() => 0);
  const due: number[] = o.depots.map(() => 24 * 60);
  const service: number[] = o.depots.map(() => 0);
  const penalty: number[] = o.depots.map(() => Infinity);
  const clusters = o.depots.map((d) => Array.from({ length: 12 }, () => {
    const r = radius * Math.sqrt(rng.next()) * 0.8;
    const a = rng.next() * 2 * Math.PI;
    return { lat: d.lat + (r * Math.sin(a)) / KM_PER_DEG_LAT, lng: d.lng + (r * Math.cos(a)) / (KM_PER_DEG_LAT * Math.cos((d.lat * Math.PI) / 180)) };
  }));
  const windows: [number, number][] = [[9 * 60, 13 * 60], [13 * 60, 18 * 60], [18 * 60, 21 * 60], [9 * 60, 21 * 60]];
  for (let s = 0; s < o.stops; s++) {
    const k = Math.floor(rng.next() * o.depots.length);
    const d = o.depots[k]!;
    const cosLat = Math.cos((d.lat * Math.PI) / 180);
    let centre = d;
    let spread = radius;
    if (rng.next() < 0.7) {
      centre = clusters[k]![Math.floor(rng.next() * 12)]!;
      spread = 1.5;
    }
    const r = spread * Math.sqrt(rng.next());
    const a = rng.next() * 2 * Math.PI;
    lat.push(centre.lat + (r * Math.sin(a)) / KM_PER_DEG_LAT);
    lng.push(centre.lng + (r * Math.cos(a)) / (KM_PER_DEG_LAT * cosLat));
    demand.push(1 + Math.floor(rng.next() * 3));
    const w = windows[Math.floor(rng.next() * windows.length)]!;
    ready.push(w[0]);
    due.push(w[1]);
    service.push(3);
    // leaving a stop for tomorrow costs as much as a 20 km detour
    penalty.push(rng.next() < (o.optionalShare ?? 0.1) ? 20000 : Infinity);
  }
  const perDepot = Math.ceil(o.stops / o.depots.length);
  const vehicles: FleetVehicle[] = o.depots.flatMap((_, depot) => [
    ...Array.from({ length: Math.ceil(perDepot / 25) }, () => ({ depot, capacity: 60, fixedCost: 30000, shiftStart: 8 * 60, shiftLength: 13 * 60 })),
    ...Array.from({ length: 2 }, () => ({ depot, capacity: 150, fixedCost: 60000, shiftStart: 8 * 60, shiftLength: 13 * 60 })),
  ]);
  const input: FleetInput = {
    name: `synthetic-day-${o.stops}`, metric: 'haversine', x: lat, y: lng, speed: 25000 / 60,
    depots: o.depots.map((_, i) => i), demand, ready, due, service, penalty, vehicles,
  };
  return { input, instance: fleetInstance(input) };
}
