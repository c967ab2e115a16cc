import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runZhanggui } from '../../test-support/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-price-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const zhanggui = runZhanggui;
const write = (name: string, value: unknown) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};

// The worked example of issue 5 (docs/promotions.md): payable ¥244.90, −¥20 split ¥15.18 / ¥4.82.
const rules = {
  promotions: [
    { id: 'flash-b', name: '限时折扣B', kind: 'flash_sale', prices: { B: 6990 } },
    { id: 'mj', name: '店铺满减', kind: 'threshold', tiers: [{ threshold: 19900, discount: 2000 }, { threshold: 29900, discount: 4000 }] },
    { id: 'ship99', name: '满99包邮', kind: 'free_shipping', threshold: 9900 },
  ],
  coupons: [{ id: 'c15', name: '满200减15', scope: 'order', threshold: 20000, amount: 1500 }],
  points: { pointsPerYuan: 100, maxShare: 0.1 },
  shipping: { fee: 1000 },
};
const cart = {
  at: '2026-06-10T12:00:00+08:00',
  customer: { tier: 'gold' },
  lines: [{ sku: 'A', quantity: 2, listPrice: 12000, memberPrices: { gold: 11000 } }, { sku: 'B', quantity: 1, listPrice: 8000 }],
  coupons: ['c15'],
  points: 1000,
};

describe('zhanggui price quote', () => {
  it('quotes the worked example as JSON without a database', async () => {
    const dataDir = path.join(process.cwd(), 'zhanggui-data');
    const hadDataDir = fs.existsSync(dataDir);
    const res = await zhanggui('price', 'quote', '--promotions', write('p.json', rules), '--cart', write('c.json', cart), '--format', 'json');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const q = JSON.parse(res.stdout);
    expect(q.payable).toBe(24490);
    expect(q.discounts.find((d: { id: string }) => d.id === 'mj').allocations).toEqual([{ line: 0, amount: 1518 }, { line: 1, amount: 482 }]);
    expect(fs.existsSync(dataDir)).toBe(hadDataDir); // no database was opened or created
  });
  it('prints a table with the reasons', async () => {
    const res = await zhanggui('price', 'quote', '--promotions', write('p.json', rules), '--cart', write('c.json', cart));
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('达到满¥199档，减¥20');
    expect(res.stdout).toMatch(/payable 244\.90 CNY/);
  });
  it('names the file and the field of bad input', async () => {
    const bad = await zhanggui('price', 'quote', '--promotions', write('bad.json', { promotions: [{ id: 'x', name: 'x', kind: 'threshold', tiers: [{ threshold: 100, discount: 1.5 }] }] }), '--cart', write('c.json', cart));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('bad.json is not valid');
    expect(bad.stderr).toContain('promotions[0].tiers[0].discount:');
    const engine = await zhanggui('price', 'quote', '--promotions', write('e.json', { promotions: [{ id: 'x', name: 'x', kind: 'threshold', tiers: [{ threshold: 100, discount: 200 }] }] }), '--cart', write('c.json', cart));
    expect(engine.stderr).toBe('error: promotions[0].tiers[0].discount: must not exceed the threshold\n');
    const notJson = await zhanggui('price', 'quote', '--promotions', write('n.json', '{'), '--cart', write('c.json', cart));
    expect(notJson.stderr).toMatch(/n\.json: not JSON/);
  });
});
