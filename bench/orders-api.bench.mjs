// POST /api/orders throughput and latency on PostgreSQL under concurrent load from autocannon
// on loopback (bounded: a fixed duration per run), against GET /api/health measured the same way
// in the same run as the baseline of what the HTTP stack alone costs.
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { openBenchPlatform, server, writeResult } from './lib.mjs';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SKUS = 200;

const { startServer } = await server('http/server.js');
const { SYSTEM_ACTOR } = await server('modules/identity/index.js');
const { hashToken } = await server('modules/identity/auth.service.js');
const { apiTokens, users } = await server('modules/identity/identity.tables.js');
const { createChannel } = await server('modules/orders/index.js');
const { createWarehouse, receiveStock } = await server('modules/inventory/index.js');
const { createProduct } = await server('modules/catalog/index.js');

function run(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: DURATION_S, ...opts }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}
const summarise = (r) => ({
  requests: r.requests.total, rps: Math.round(r.requests.average), non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts,
  latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
});

const { platform, close } = await openBenchPlatform('postgres');
try {
  const { db } = platform.database;
  const [user] = await db.insert(users).values({ username: 'bench', displayName: 'bench', passwordHash: 'x', role: 'operator' }).returning();
  const token = `zgt_${randomBytes(24).toString('base64url')}`;
  await db.insert(apiTokens).values({ name: 'bench', tokenHash: hashToken(token), prefix: token.slice(0, 8), userId: user.id });
  await createChannel(db, SYSTEM_ACTOR, { code: 'site', name: '官网', kind: 'own_site' });
  const wh = await createWarehouse(db, SYSTEM_ACTOR, { code: 'SH', name: '上海中心仓', kind: 'central', region: '上海' });
  for (let i = 0; i < SKUS; i++) {
    await createProduct(db, SYSTEM_ACTOR, { name: `商品 ${i}`, status: 'active', skus: [{ code: `B${i}`, name: `SKU ${i}`, price: 1990 + i, unitCost: 900, active: true }] });
    await receiveStock(db, SYSTEM_ACTOR, { warehouseId: wh.id, sku: `B${i}`, quantity: 10_000_000 }, new Date());
  }
  const { app, address } = await startServer(platform, { port: 0, host: '127.0.0.1' });
  try {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const health = await run({ url: `${address}/api/health` });
    let i = 0;
    const orders = await run({
      url: `${address}/api/orders`, method: 'POST', headers,
      setupClient: (client) => client.setBody(JSON.stringify({ channel: 'site', device: 'mobile', lines: [{ sku: `B${i++ % SKUS}`, quantity: 1 }, { sku: `B${(i * 7) % SKUS}`, quantity: 2 }] })),
    });
    const o = summarise(orders);
    const h = summarise(health);
    await writeResult('orders-api', {
      driver: 'postgres', connections: CONNECTIONS, durationSeconds: DURATION_S, poolSize: 10,
      postOrders: o, healthBaseline: h, ordersOverHealthThroughput: +(o.rps / h.rps).toFixed(3),
      note: 'Each order: 2 lines over 200 SKUs, priced, stock reserved with a conditional update, audit entry, one transaction.',
    });
  } finally {
    await app.close();
  }
} finally {
  await close();
}
