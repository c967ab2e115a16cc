import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { buildApp } from '../../http/app.js';
import { createProduct } from '../../modules/catalog/index.js';
import { SYSTEM_ACTOR } from '../../modules/identity/index.js';
import { createWarehouse, receiveStock } from '../../modules/inventory/index.js';
import { createChannel } from '../../modules/orders/index.js';
import { openPlatform } from '../../platform.js';
import { createTestCaller } from '../../test-support/auth.js';
import { runZhanggui } from '../../test-support/cli.js';

const serverUrl = process.env.DATABASE_URL;
// The embedded database always; a fresh PostgreSQL database too when DATABASE_URL is set.
const drivers = serverUrl ? ['pglite', 'postgres'] as const : ['pglite'] as const;

for (const driver of drivers) {
  describe(`zhanggui logistics allocate | dispatch | plans | release [${driver}]`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-logistics-'));
    const dataDir = path.join(dir, 'data');
    const dbName = `zg_cli_logistics_${process.pid}`;
    let dbUrl: string | undefined;
    const target = () => (dbUrl ? ['--data-dir', dataDir, '--database-url', dbUrl] : ['--data-dir', dataDir]);
    const zg = (...args: string[]) => runZhanggui(...target(), ...args);
    const orderIds: number[] = [];

    beforeAll(async () => {
      delete process.env.DATABASE_URL;
      if (driver === 'postgres') {
        const admin = new pg.Client({ connectionString: serverUrl });
        await admin.connect();
        await admin.query(`drop database if exists ${dbName} with (force)`);
        await admin.query(`create database ${dbName}`);
        await admin.end();
        const u = new URL(serverUrl!);
        u.pathname = `/${dbName}`;
        dbUrl = u.toString();
      }
      // A store with one 华南 warehouse and four paid 华南 orders: three on 2 March, one on 4 March (Shanghai time).
      const platform = await openPlatform(loadConfig({ dataDir, databaseUrl: dbUrl }));
      try {
        const { db } = platform.database;
        let clock = new Date('2026-03-02T02:00:00Z');
        const app = await buildApp({ platform, now: () => clock });
        const { headers } = await createTestCaller(db, 'operator');
        await createChannel(db, SYSTEM_ACTOR, { code: 'tmall', name: '天猫', kind: 'marketplace' });
        const gz = await createWarehouse(db, SYSTEM_ACTOR, { code: 'GZ-RDC', name: '广州区域仓', kind: 'regional', region: '华南', lat: 23.1291, lng: 113.2644 });
        await createProduct(db, SYSTEM_ACTOR, { name: '茶', status: 'active', skus: [{ code: 'T', name: 'T', price: 1000, active: true }] });
        await receiveStock(db, SYSTEM_ACTOR, { warehouseId: gz.id, sku: 'T', quantity: 100 }, clock);
        for (const [k, at] of ['2026-03-02T02:00:00Z', '2026-03-02T03:00:00Z', '2026-03-02T15:59:00Z', '2026-03-04T02:00:00Z'].entries()) {
          clock = new Date(at);
          const placed = await app.inject({ method: 'POST', url: '/api/orders', headers, payload: { channel: 'tmall', shipRegion: '华南', lines: [{ sku: 'T', quantity: k + 1 }] } });
          orderIds.push(placed.json().id);
          expect((await app.inject({ method: 'POST', url: `/api/orders/${placed.json().id}/pay`, headers, payload: { method: 'alipay' } })).statusCode).toBe(200);
        }
        await app.close();
      } finally {
        await platform.close();
      }
    }, 120_000);
    afterAll(async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      if (serverUrl !== undefined) process.env.DATABASE_URL = serverUrl;
      if (driver === 'postgres') {
        const admin = new pg.Client({ connectionString: serverUrl });
        await admin.connect();
        await admin.query(`drop database if exists ${dbName} with (force)`);
        await admin.end();
      }
    });

    it('allocates the orders paid by the as-of day, then the rest', async () => {
      const first = await zg('logistics', 'allocate', '--as-of', '2026-03-02', '--format', 'json');
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      const r = JSON.parse(first.stdout);
      // 15:59 UTC on 2 March is 23:59 in Shanghai: still 2 March. The 4 March order waits.
      expect(r).toMatchObject({ allocated: 3, backorder: 0, released: 0, split: 0 });
      expect(r.orders.map((o: { orderId: number; rule: string; shipments: { warehouseCode: string; carrier: string; estimatedCost: number }[] }) =>
        [o.orderId, o.rule, o.shipments.map((s) => [s.warehouseCode, s.carrier, s.estimatedCost])]))
        .toEqual(orderIds.slice(0, 3).map((id) => [id, 'only option', [['GZ-RDC', 'regional-fleet', 600]]]));
      const rest = await zg('logistics', 'allocate');
      expect(rest.code).toBe(0);
      expect(rest.stdout).toMatch(new RegExp(`^order\\s+status\\s+rule\\s+warehouses\\s+carriers\\s+cost\\n[- ]+\\n\\s*${orderIds[3]}\\s+allocated\\s+only option\\s+GZ-RDC\\s+regional-fleet\\s+600\\n`));
      expect(rest.stdout).toContain('allocated 1 (split 0), backorder 0, released 0; cost in fen');
      expect(JSON.parse((await zg('logistics', 'allocate', '--format', 'json')).stdout)).toMatchObject({ allocated: 0, orders: [] });
    });

    let draftId = 0;
    it('plans and stores a dispatch plan with its solver settings, deterministically for a seed and iterations', async () => {
      const res = await zg('logistics', 'dispatch', '--warehouse', 'GZ-RDC', '--date', '2026-03-05', '--iterations', '200', '--seed', '2', '--format', 'json');
      expect(res.stderr).toBe('');
      const plan = JSON.parse(res.stdout);
      expect(plan).toMatchObject({ status: 'draft', warehouseCode: 'GZ-RDC', date: '2026-03-05', wave: 1, seed: 2, maxIterations: 200, timeLimitSeconds: null, shipments: 4, units: 10, unassignedShipmentIds: [] });
      expect(plan.routes.flatMap((r: { stops: { orderId: number }[] }) => r.stops.map((s) => s.orderId)).sort()).toEqual([...orderIds].sort());
      draftId = plan.id;
      const again = JSON.parse((await zg('logistics', 'dispatch', '--warehouse', 'GZ-RDC', '--date', '2026-03-05', '--iterations', '200', '--seed', '2', '--format', 'json')).stdout);
      expect(again.id).toBe(draftId + 1);
      expect({ routes: again.routes, cost: again.cost }).toEqual({ routes: plan.routes, cost: plan.cost });
      const table = await zg('logistics', 'dispatch', '--warehouse', 'GZ-RDC', '--date', '2026-03-05', '--iterations', '50');
      expect(table.stdout).toMatch(/^plan \d+ \(draft\) GZ-RDC 2026-03-05 wave 1: 4 shipments, 1 vehicles, 10 units, [\d.]+ km, cost [\d.]+\nsolver: seed 1, 50 iterations\n/);
      expect(table.stdout).toMatch(/vehicle\s+seq\s+order\s+shipment\s+eta\s+window\s+units\s+lat\s+lng/);
    });

    it('lists the stored plans and releases one: its shipments are on the vans', async () => {
      const list = JSON.parse((await zg('logistics', 'plans', '--warehouse', 'GZ-RDC', '--format', 'json')).stdout);
      expect(list).toMatchObject({ total: 3, items: [{ status: 'draft' }, { status: 'draft' }, { id: draftId, seed: 2, shipments: 4 }] });
      const released = await zg('logistics', 'release', String(draftId), '--format', 'json');
      expect(released.code).toBe(0);
      expect(JSON.parse(released.stdout)).toMatchObject({ id: draftId, status: 'released' });
      const csv = await zg('logistics', 'plans', '--status', 'released', '--format', 'csv');
      expect(csv.stdout.split('\n')[0]).toBe('id,warehouse,date,wave,status,shipments,vehicles,units,km,cost,seed,iterations,timeLimitS,released');
      expect(csv.stdout.trim().split('\n')).toHaveLength(2);
      // Nothing is pending any more; a second wave with a time limit plans an empty day.
      const wave2 = JSON.parse((await zg('logistics', 'dispatch', '--warehouse', 'GZ-RDC', '--date', '2026-03-05', '--wave', '2', '--time-limit', '0.2', '--format', 'json')).stdout);
      expect(wave2).toMatchObject({ wave: 2, timeLimitSeconds: 0.2, maxIterations: null, shipments: 0, routes: [] });
      const stale = await zg('logistics', 'release', String(draftId + 1));
      expect(stale.code).toBe(1);
      const ids = JSON.parse(released.stdout).routes.flatMap((r: { stops: { shipmentId: number }[] }) => r.stops.map((x) => x.shipmentId)).sort((a: number, b: number) => a - b);
      expect(stale.stderr).toContain(`error: Dispatch plan ${draftId + 1}: shipments ${ids.join(', ')} are no longer pending at this warehouse; make a new plan\n`);
    });

    it('names the bad option', async () => {
      const unknown = await zg('logistics', 'dispatch', '--warehouse', 'NOPE', '--date', '2026-03-05');
      expect([unknown.code, unknown.stderr]).toEqual([1, "error: No warehouse with code 'NOPE'\n"]);
      const badDate = await zg('logistics', 'dispatch', '--warehouse', 'GZ-RDC', '--date', '5 March');
      expect(badDate.stderr).toContain("--date: expected a date YYYY-MM-DD, got '5 March'");
      const badLimit = await zg('logistics', 'dispatch', '--warehouse', 'GZ-RDC', '--date', '2026-03-05', '--time-limit', '0');
      expect(badLimit.stderr).toContain("--time-limit: expected seconds from 0 to 600, got '0'");
      expect((await zg('logistics', 'allocate', '--format', 'xml')).stderr).toContain("--format: expected table, json or csv, got 'xml'");
    });
  });
}
