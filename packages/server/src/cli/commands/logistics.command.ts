import type { Command } from 'commander';
import type { DispatchPlanSummaryDto, StoredDispatchPlanDto } from '@zhanggui/contracts';
import { SYSTEM_ACTOR } from '../../modules/identity/index.js';
import { getWarehouseByCode } from '../../modules/inventory/index.js';
import { allocatePaidOrders, createDispatchPlan, listDispatchPlans, releaseDispatchPlan } from '../../modules/logistics/index.js';
import { isIsoDate } from '../../lib/business-date.js';
import { parseIntOption, withPlatform } from '../context.js';
import { formatRows, parseFormat, type OutputFormat } from '../output.js';

const date = (flag: string) => (v: string) => {
  if (!isIsoDate(v)) throw new Error(`${flag}: expected a date YYYY-MM-DD, got '${v}'`);
  return v;
};
const seconds = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 600) throw new Error(`--time-limit: expected seconds from 0 to 600, got '${v}'`);
  return n;
};
const status = (v: string) => {
  if (v !== 'draft' && v !== 'released') throw new Error(`--status: expected draft or released, got '${v}'`);
  return v;
};
const print = (text: string): void => { process.stdout.write(`${text}\n`); };

const summaryRow = (p: DispatchPlanSummaryDto) => ({
  id: p.id, warehouse: p.warehouseCode, date: p.date, wave: p.wave, status: p.status, shipments: p.shipments, vehicles: p.vehicles,
  units: p.units, km: p.distanceKm, cost: p.cost, seed: p.seed, iterations: p.iterations, timeLimitS: p.timeLimitSeconds, released: p.releasedAt,
});

function printPlan(plan: StoredDispatchPlanDto, format: OutputFormat): void {
  if (format === 'json') return print(JSON.stringify(plan, null, 2));
  const stops = plan.routes.flatMap((r) => r.stops.map((s) => ({
    vehicle: r.vehicle, seq: s.seq, order: s.orderId, shipment: s.shipmentId, eta: s.eta, window: s.window, units: s.units, lat: s.lat, lng: s.lng,
  })));
  if (format === 'csv') return print(formatRows(stops, 'csv'));
  print(`plan ${plan.id} (${plan.status}) ${plan.warehouseCode} ${plan.date} wave ${plan.wave}: ${plan.shipments} shipments, ${plan.vehicles} vehicles, ${plan.units} units, ${plan.distanceKm} km, cost ${plan.cost}`);
  print(`solver: seed ${plan.seed}, ${plan.iterations} iterations${plan.timeLimitSeconds !== null ? `, time limit ${plan.timeLimitSeconds} s` : ''}`);
  print(formatRows(plan.routes.map((r) => ({ vehicle: r.vehicle, stops: r.stops.length, units: `${r.units}/${r.capacity}`, km: r.distanceKm, back: r.returnAt })), 'table'));
  print('');
  print(formatRows(stops, 'table'));
  if (plan.unassignedShipmentIds.length > 0) print(`unassigned shipments: ${plan.unassignedShipmentIds.join(', ')}`);
}

/** `zhanggui logistics allocate | dispatch | plans | release` (docs/logistics.md). */
export function registerLogisticsCommands(program: Command): void {
  const logistics = program.command('logistics').description('Allocation (分仓) and stored dispatch plans (docs/logistics.md)');

  logistics.command('allocate')
    .description('Allocate every paid, unallocated order (and retry backorders) to warehouses; release cancelled ones')
    .option('--as-of <date>', 'only orders paid on or before this business day (store time zone; default: all paid so far)', date('--as-of'))
    .option('--no-split', 'never split an order over warehouses')
    .option('--format <format>', 'table | json | csv', parseFormat, 'table')
    .action(async (opts: { asOf?: string; split: boolean; format: OutputFormat }, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        const r = await allocatePaidOrders(p.database.db, SYSTEM_ACTOR, new Date(), { allowSplit: opts.split, ...(opts.asOf ? { paidBy: opts.asOf } : {}) });
        if (opts.format === 'json') return print(JSON.stringify(r, null, 2));
        print(formatRows(r.orders.map((a) => {
          const live = a.shipments.filter((s) => s.status !== 'cancelled');
          return { order: a.orderId, status: a.status, rule: a.rule, warehouses: live.map((s) => s.warehouseCode).join(' + '), carriers: live.map((s) => s.carrier).join(' + '), cost: a.estimatedCost };
        }), opts.format));
        if (opts.format === 'table') print(`allocated ${r.allocated} (split ${r.split}), backorder ${r.backorder}, released ${r.released}; cost in fen`);
      });
    });

  logistics.command('dispatch')
    .description('Plan a warehouse\'s pending regional-fleet shipments for a day and store it as a draft plan')
    .requiredOption('--warehouse <code>', 'warehouse code, e.g. GZ-RDC')
    .requiredOption('--date <date>', 'business day of the plan', date('--date'))
    .option('--wave <n>', 'wave of the day', parseIntOption('--wave', 1, 20), 1)
    .option('--time-limit <s>', 'solver time limit in seconds (without it: 2,000 iterations, deterministic)', seconds)
    .option('--iterations <n>', 'solver iteration cap', parseIntOption('--iterations', 1, 1_000_000))
    .option('--seed <n>', 'solver seed', parseIntOption('--seed', 0, 2_147_483_647), 1)
    .option('--vans <n>', 'vans available (default one per 25 shipments)', parseIntOption('--vans', 1, 200))
    .option('--release', 'release the plan at once: its shipments become shipped')
    .option('--format <format>', 'table | json | csv (csv: one row per stop)', parseFormat, 'table')
    .action(async (opts: { warehouse: string; date: string; wave: number; timeLimit?: number; iterations?: number; seed: number; vans?: number; release?: boolean; format: OutputFormat }, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        const db = p.database.db;
        const wh = await getWarehouseByCode(db, opts.warehouse);
        if (opts.timeLimit !== undefined) process.stderr.write(`routing ${wh.code} ${opts.date} for up to ${opts.timeLimit} s…\n`);
        let plan = await createDispatchPlan(db, SYSTEM_ACTOR, {
          warehouseId: wh.id, date: opts.date, wave: opts.wave, seed: opts.seed, iterations: opts.iterations, timeLimitSeconds: opts.timeLimit, vans: opts.vans,
        }, new Date());
        if (opts.release) plan = await releaseDispatchPlan(db, SYSTEM_ACTOR, plan.id, new Date());
        printPlan(plan, opts.format);
      });
    });

  logistics.command('plans')
    .description('List stored dispatch plans, latest day first')
    .option('--warehouse <code>', 'one warehouse')
    .option('--date <date>', 'one business day', date('--date'))
    .option('--status <status>', 'draft | released', status)
    .option('--limit <n>', 'at most this many', parseIntOption('--limit', 1, 500), 50)
    .option('--format <format>', 'table | json | csv', parseFormat, 'table')
    .action(async (opts: { warehouse?: string; date?: string; status?: 'draft' | 'released'; limit: number; format: OutputFormat }, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        const db = p.database.db;
        const warehouseId = opts.warehouse ? (await getWarehouseByCode(db, opts.warehouse)).id : undefined;
        const page = await listDispatchPlans(db, { warehouseId, date: opts.date, status: opts.status, limit: opts.limit, offset: 0 });
        if (opts.format === 'json') return print(JSON.stringify(page, null, 2));
        print(formatRows(page.items.map(summaryRow), opts.format));
      });
    });

  logistics.command('release')
    .description('Release a draft plan: its shipments become shipped (handed to the drivers)')
    .argument('<id>', 'plan id', parseIntOption('id', 1))
    .option('--format <format>', 'table | json | csv', parseFormat, 'table')
    .action(async (id: number, opts: { format: OutputFormat }, cmd: Command) => {
      await withPlatform(cmd, async (p) => printPlan(await releaseDispatchPlan(p.database.db, SYSTEM_ACTOR, id, new Date()), opts.format));
    });
}
