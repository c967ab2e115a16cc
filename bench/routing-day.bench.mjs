// A 1,000-stop same-day delivery day around two warehouses of the simulated store (广州区域仓 and a
// Shenzhen hub), solved by the fleet solver: several depots, vans and trucks with fixed costs and
// 13-hour shifts, delivery windows, 10% of stops allowed to slip to tomorrow at a penalty.
// The simulated store has cities, not street addresses, so the stops are drawn around the
// warehouses by `syntheticDeliveryDay` (seeded). Budgets are CPU seconds, as in routing.bench.mjs.
import path from 'node:path';
import { root, writeResult } from './lib.mjs';

const A = await import(path.join(root, 'packages/algorithms/dist/index.js'));
const { WAREHOUSES } = await import(path.join(root, 'packages/server/dist/ingest/simulator/warehouse-specs.js'));

const STOPS = Number(process.env.BENCH_DAY_STOPS ?? 1000);
const BUDGETS = (process.env.BENCH_DAY_BUDGETS ?? '1,10,60').split(',').map(Number);
const gz = WAREHOUSES.find((w) => w.code === 'GZ-RDC');
const depots = [{ lat: gz.lat, lng: gz.lng }, { lat: 22.5431, lng: 114.0579 }];
const { instance } = A.syntheticDeliveryDay({ seed: 1, stops: STOPS, depots });
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

const results = [];
for (const seconds of BUDGETS) {
  const wall = performance.now();
  const r = A.solveFleet(instance, { seed: 1, timeLimitMs: seconds * 1000, now: cpu });
  const used = r.routes.map((x, v) => [x, v]).filter(([x]) => x.length > 0);
  const km = used.reduce((s, [x, v]) => s + A.fleetRouteDistance(instance, v, x), 0) / 1000;
  const row = {
    cpuSeconds: seconds, wallSeconds: +((performance.now() - wall) / 1000).toFixed(1), iterations: r.iterations,
    feasible: r.feasible && A.checkFleetSolution(instance, r).length === 0, vehicles: used.length,
    vans: used.filter(([, v]) => instance.vehicles[v].capacity === 60).length, trucks: used.filter(([, v]) => instance.vehicles[v].capacity === 150).length,
    distanceKm: +km.toFixed(1), leftForTomorrow: r.unassigned.length, objective: Math.round(r.cost),
    meanStopsPerRoute: +((STOPS - r.unassigned.length) / used.length).toFixed(1),
  };
  results.push(row);
  console.error(row);
}
await writeResult('routing-day', {
  note: 'objective = fixed costs (van 30,000, truck 60,000, in metres-equivalent) + metres driven + 20,000 per stop left for tomorrow; '
    + 'stops synthetic around GZ-RDC (simulator warehouse) and a Shenzhen hub, seed 1; budgets are process CPU seconds.',
  stops: STOPS, depots, fleet: instance.vehicles.length, results,
});
