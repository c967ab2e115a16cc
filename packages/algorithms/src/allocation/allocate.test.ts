import { describe, expect, it } from 'vitest';
import { allocateOrder, type AllocationWarehouse } from './allocate.js';

// Coordinates of the simulated store's warehouses (server ingest/simulator/warehouse-specs.ts).
const wh = (id: number, code: string, region: string, lat: number, lng: number, stock: [number, number][], priority?: number): AllocationWarehouse => ({
  id, code, region, lat, lng, available: new Map(stock), ...(priority !== undefined ? { priority } : {}),
});
const JX = (stock: [number, number][]) => wh(1, 'JX-CDC', '华东', 30.7522, 120.7585, stock);
const GZ = (stock: [number, number][]) => wh(2, 'GZ-RDC', '华南', 23.1291, 113.2644, stock);
const CD = (stock: [number, number][], p?: number) => wh(3, 'CD-RDC', '西南', 30.5728, 104.0668, stock, p);
const WH = (stock: [number, number][], p?: number) => wh(4, 'WH-RDC', '华中', 30.5928, 114.3055, stock, p);
const lines = [{ lineId: 11, skuId: 100, quantity: 2 }, { lineId: 12, skuId: 200, quantity: 1 }];

describe('allocateOrder (分仓)', () => {
  it('in-region stock first: a 华南 order ships from GZ, not from the central warehouse', () => {
    const d = allocateOrder({ lines, destRegion: '华南', warehouses: [JX([[100, 9], [200, 9]]), GZ([[100, 5], [200, 5]])], allowSplit: false });
    expect(d.rule).toBe('in-region stock');
    expect(d.plan!.parcels.map((p) => p.warehouseCode)).toEqual(['GZ-RDC']);
    // Same city as the region centre: 0 km, base 600 fen, no zone surcharge, 6 h transit within the 24 h promise.
    expect(d.plan!.costFen).toBe(600);
    // JX → Guangzhou is 1,126.4 km by haversine: 600 + 0.8 × 1,126.39 + 400 (zone) + 1,500 (6 + 18.8 h > 24 h) = 3,401 fen.
    expect(d.ranked[1]!.costFen).toBe(3401);
    expect(d.reason).toMatch(/^GZ-RDC（区内） 0 km: 3 units ship from the destination region \(vs 0 from JX-CDC\)/);
  });

  it('splits only when allowed; in-region units outrank fewer parcels, in the stated order', () => {
    const warehouses = [JX([[100, 9], [200, 9]]), GZ([[100, 5]])];
    const whole = allocateOrder({ lines, destRegion: '华南', warehouses, allowSplit: false });
    expect(whole.rule).toBe('only option');
    expect(whole.plan!.parcels.map((p) => p.warehouseCode)).toEqual(['JX-CDC']);
    const split = allocateOrder({ lines, destRegion: '华南', warehouses, allowSplit: true });
    expect(split.rule).toBe('in-region stock');
    expect(split.plan!.parcels.map((p) => [p.warehouseCode, p.lines.map((l) => l.lineId)])).toEqual([['JX-CDC', [12]], ['GZ-RDC', [11]]]);
    // 3,401 (JX parcel) + 600 (GZ parcel) + 500 split penalty
    expect(split.plan!.costFen).toBe(4501);
  });

  it('fewest parcels, then nearest, then priority: a 西北 order (no warehouse in the region)', () => {
    // Xi'an (the region's centre) to Chengdu 620.0 km, to Wuhan 653.4 km (haversine).
    const near = allocateOrder({ lines, destRegion: '西北', warehouses: [WH([[100, 5], [200, 5]]), CD([[100, 5], [200, 5]])], allowSplit: true });
    expect(near.rule).toBe('nearest');
    expect(near.plan!.parcels[0]).toMatchObject({ warehouseCode: 'CD-RDC', km: 620, inRegion: false });
    const fewest = allocateOrder({ lines, destRegion: '西北', warehouses: [WH([[100, 5], [200, 5]]), CD([[100, 5]])], allowSplit: true });
    expect(fewest.rule).toBe('fewest parcels');
    expect(fewest.plan!.parcels.map((p) => p.warehouseCode)).toEqual(['WH-RDC']);
    // Two warehouses at the same distance (one row duplicated under another id): priority decides.
    const a = CD([[100, 5], [200, 5]], 50);
    const b = { ...CD([[100, 5], [200, 5]], 10), id: 9, code: 'CD-2' };
    const tie = allocateOrder({ lines, destRegion: '西北', warehouses: [a, b], allowSplit: false });
    expect(tie.rule).toBe('warehouse priority');
    expect(tie.plan!.parcels[0]!.warehouseCode).toBe('CD-2');
  });

  it('re-allocation excludes a warehouse that cannot ship; no stock anywhere says so', () => {
    const warehouses = [JX([[100, 9], [200, 9]]), GZ([[100, 5], [200, 5]])];
    const re = allocateOrder({ lines, destRegion: '华南', warehouses, allowSplit: false, exclude: new Set([2]) });
    expect(re.plan!.parcels[0]!.warehouseCode).toBe('JX-CDC');
    const none = allocateOrder({ lines, destRegion: '华南', warehouses: [GZ([[100, 1]])], allowSplit: true });
    expect(none).toMatchObject({ plan: null, rule: 'no stock' });
  });
});
