import { sql } from 'drizzle-orm';
import { queryRows, type Database, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { getStoreSettings } from '../../modules/store/index.js';
import type { PiiCipher } from '../../security/pii-cipher.js';
import { SessionWriter, writeMarketing, writeService, writeStock } from './activity-writer.js';
import { generateCatalog } from './catalog-generator.js';
import { writeCatalog } from './catalog-writer.js';
import { generateCustomers } from './customer-generator.js';
import { InventorySim } from './inventory-simulator.js';
import { generateMarketing } from './marketing-generator.js';
import { buildOrders } from './order-builder.js';
import { generateOrderEvents } from './order-events.js';
import { writeCustomers, writeOrders } from './order-writer.js';
import { deriveRng } from './sampling.js';
import { generateService } from './service-generator.js';
import { addDays, buildCalendar, businessDate } from './store-calendar.js';
import { reserveIds } from './table-buffer.js';
import { withIndexesDeferred } from './deferred-indexes.js';
import { stockPlan } from './stock-plan.js';
import { generateDayTraffic } from './traffic-generator.js';
import { WAREHOUSES } from './warehouse-specs.js';

export interface SimulateOptions {
  days?: number;
  customers?: number;
  seed?: number;
  /** Last simulated business day, YYYY-MM-DD; default yesterday in the store's time zone. */
  endDate?: string;
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface SimulateSummary { endDate: string; days: number; rows: Record<string, number>; durationMs: number }

// Tables whose ids the simulator hands out itself; locking them keeps concurrent writers out.
const LOCKED = ['orders', 'customers', 'order_lines', 'refunds', 'suppliers', 'products', 'skus', 'campaigns', 'traffic_sessions'];
const SESSION_FLUSH = 50_000;
// The big fact tables load faster with their secondary indexes built once at the end.
const DEFERRED = ['orders', 'order_lines', 'payments', 'shipments', 'stock_movements', 'traffic_sessions', 'traffic_events'];

/**
 * Write a realistic, deterministic history of a multi-channel home-and-lifestyle store into an
 * empty database: catalog, customers, orders and everything that follows from them, traffic,
 * marketing, stock and service. One transaction: a failure leaves nothing behind.
 */
export async function simulateStore(deps: { database: Database; cipher: PiiCipher }, opts: SimulateOptions = {}): Promise<SimulateSummary> {
  const started = Date.now();
  const { days = 730, customers: customerCount = 20_000, seed = 42, onProgress } = opts;
  if (!Number.isInteger(days) || days < 7 || days > 3650) throw new AppError('validation_failed', `days: expected an integer from 7 to 3650, got ${days}`);
  if (!Number.isInteger(customerCount) || customerCount < 10 || customerCount > 1_000_000) throw new AppError('validation_failed', `customers: expected an integer from 10 to 1000000, got ${customerCount}`);
  if (opts.endDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.endDate)) throw new AppError('validation_failed', `endDate: expected YYYY-MM-DD, got '${opts.endDate}'`);
  const progress = (phase: string, done: number, total: number) => onProgress?.(phase, done, total);
  const summary = await deps.database.db.transaction(async (tx) => {
    await tx.execute(sql.raw(`lock table ${LOCKED.join(', ')} in share row exclusive mode`));
    const [existing] = await queryRows<{ n: number }>(tx, sql`select count(*) as n from (select 1 from orders limit 1) o`);
    if (Number(existing!.n) > 0) {
      throw new AppError('conflict', 'The database already has orders; the simulator only writes into an empty store so simulated and real data are never mixed. Use a new data directory or database.');
    }
    return withIndexesDeferred(tx, DEFERRED, () => load(tx, deps.cipher, { days, customerCount, seed, endDate: opts.endDate }, progress));
  });
  progress('indexes', 1, 1);
  return { ...summary, durationMs: Date.now() - started };
}

interface LoadOptions { days: number; customerCount: number; seed: number; endDate: string | undefined }

async function load(tx: Tx, cipher: PiiCipher, { days, customerCount, seed, ...opts }: LoadOptions, progress: (phase: string, done: number, total: number) => void): Promise<Omit<SimulateSummary, 'durationMs'>> {
  const { timeZone, currency } = await getStoreSettings(tx);
  const endDate = opts.endDate ?? addDays(businessDate(Date.now(), timeZone), -1);
  const cal = buildCalendar(endDate, days, timeZone);
  const rows: Record<string, number> = {};

  progress('catalog', 0, 1);
  const catalog = generateCatalog(deriveRng(seed, 'catalog'), days);
  const ids = await writeCatalog(tx, cal, catalog);
  Object.assign(rows, ids.rows);
  const plan = generateMarketing(deriveRng(seed, 'marketing'), cal, customerCount);
  const marketing = await writeMarketing(tx, cal, plan, ids.channels);
  Object.assign(rows, marketing.rows);
  progress('catalog', 1, 1);

  const customers = generateCustomers(deriveRng(seed, 'customers'), cal, plan, customerCount);
  const firstCustomer = await reserveIds(tx, 'customers', customers.length);
  rows.customers = await writeCustomers(tx, cipher, customers, firstCustomer, (done) => progress('customers', done, customers.length));

  const events = generateOrderEvents(deriveRng(seed, 'events'), cal, customers);
  const inventory = new InventorySim(deriveRng(seed, 'inventory'), cal, catalog, WAREHOUSES.length, stockPlan(cal, catalog, events));
  inventory.open();
  // Ids for every event; the few lost to stockouts leave gaps at the end of each range.
  const firstOrder = await reserveIds(tx, 'orders', events.length);
  const firstLine = await reserveIds(tx, 'order_lines', events.length * 4);
  const firstRefund = await reserveIds(tx, 'refunds', events.length);
  const orders = buildOrders({ rng: deriveRng(seed, 'orders'), cal, timeZone, catalog, customers, plan, inventory, firstOrderId: firstOrder, firstLineId: firstLine, firstRefundId: firstRefund },
    events, (d) => { if (d % 30 === 29 || d === days - 1) progress('orders', d + 1, days); });
  Object.assign(rows, await writeOrders(tx, orders, { ...ids, firstCustomer, campaigns: marketing.campaigns }, currency));
  progress('inventory', 0, 1);
  Object.assign(rows, await writeStock(tx, cal, inventory, ids.warehouses, ids.skus));
  progress('inventory', 1, 1);

  const trafficRng = deriveRng(seed, 'traffic');
  const sessions = new SessionWriter({ channels: ids.channels, campaigns: marketing.campaigns, skus: ids.skus });
  const acquiredBefore = (at: number) => {
    let lo = 0;
    let hi = customers.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (customers[mid]!.acquiredAt < at) lo = mid + 1; else hi = mid; }
    return lo;
  };
  for (let d = 0, o = 0; d < days; d++) {
    const start = o;
    while (o < orders.length && orders[o]!.event.day === d) o++;
    generateDayTraffic(trafficRng, cal, plan, d, orders.slice(start, o), customers, { first: firstCustomer, acquiredBefore },
      (s) => sessions.add(s));
    if (sessions.size >= SESSION_FLUSH || d === days - 1) {
      await sessions.flush(tx);
      progress('traffic', d + 1, days);
    }
  }
  rows.traffic_sessions = sessions.sessions.written;
  rows.traffic_events = sessions.events.written;

  progress('service', 0, 1);
  const service = generateService(deriveRng(seed, 'service'), cal, timeZone, catalog, orders);
  Object.assign(rows, await writeService(tx, service.tickets, service.reviews, firstCustomer, ids.skus));
  progress('service', 1, 1);
  progress('indexes', 0, 1);
  return { endDate, days, rows };
}
