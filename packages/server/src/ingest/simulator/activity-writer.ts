import type { Tx } from '../../db/client.js';
import type { InventorySim } from './inventory-simulator.js';
import { addDays, type Calendar } from './store-calendar.js';
import type { MarketingPlan } from './marketing-generator.js';
import type { ReviewRow, TicketRow } from './service-generator.js';
import { sessionEvents, type SessionRow } from './traffic-generator.js';
import { DEVICE_NAMES } from './channel-specs.js';
import { reserveIds, TableBuffer } from './table-buffer.js';

const SOURCE = 'simulator';

/** Campaigns (ids reserved so spend and orders can point at them) and daily spend. */
export async function writeMarketing(tx: Tx, cal: Calendar, plan: MarketingPlan, channelIds: number[]): Promise<{ campaigns: number[]; rows: Record<string, number> }> {
  const first = await reserveIds(tx, 'campaigns', plan.campaigns.length);
  const campaigns = plan.campaigns.map((_, i) => first + i);
  const camp = new TableBuffer('campaigns', [['id', 'int8'], ['source', 'text'], ['external_id', 'text'], ['channel_id', 'int8'], ['name', 'text'], ['objective', 'text'], ['starts_on', 'date'], ['ends_on', 'date'], ['budget', 'int8']]);
  plan.campaigns.forEach((c, i) => camp.add(campaigns[i], SOURCE, `CMP-${i + 1}`, channelIds[c.channel], c.name, c.objective, cal.dates[c.start], addDays(cal.dates[0]!, c.end), c.budget));
  await camp.flush(tx);
  const spend = new TableBuffer('marketing_spend', [['channel_id', 'int8'], ['campaign_id', 'int8'], ['day', 'date'], ['impressions', 'int4'], ['clicks', 'int4'], ['spend', 'int8']]);
  for (const s of plan.spend) spend.add(channelIds[s.channel], s.campaign === null ? null : campaigns[s.campaign], cal.dates[s.day], s.impressions, s.clicks, s.spend);
  await spend.flush(tx);
  return { campaigns, rows: { campaigns: camp.written, marketing_spend: spend.written } };
}

/** Every stock movement, and the levels they add up to. */
export async function writeStock(tx: Tx, cal: Calendar, inv: InventorySim, warehouseIds: number[], skuIds: number[]): Promise<Record<string, number>> {
  const mov = new TableBuffer('stock_movements', [['source', 'text'], ['warehouse_id', 'int8'], ['sku_id', 'int8'], ['kind', 'text'], ['quantity', 'int4'], ['occurred_at', 'timestamptz'], ['ref_type', 'text'], ['ref_id', 'int8'], ['note', 'text']]);
  for (const m of inv.movements) mov.add(SOURCE, warehouseIds[m.warehouse], skuIds[m.sku], m.kind, m.quantity, m.at, m.refType, m.refId, m.note);
  await mov.flush(tx);
  const levels = new TableBuffer('stock_levels', [['warehouse_id', 'int8'], ['sku_id', 'int8'], ['on_hand', 'int4'], ['reserved', 'int4'], ['safety_buffer', 'int4'], ['updated_at', 'timestamptz']]);
  const skus = skuIds.length;
  for (let k = 0; k < inv.onHand.length; k++) {
    if (inv.stocked[k]) levels.add(warehouseIds[Math.floor(k / skus)], skuIds[k % skus], inv.onHand[k], 0, 0, cal.end);
  }
  await levels.flush(tx);
  return { stock_movements: mov.written, stock_levels: levels.written };
}

/**
 * Sessions and their step events, buffered and written in chunks: session ids are reserved at
 * each flush so the events can point at them.
 */
export class SessionWriter {
  readonly sessions = new TableBuffer('traffic_sessions', [['id', 'int8'], ['source', 'text'], ['visitor_id', 'text'], ['customer_id', 'int8'], ['channel_id', 'int8'], ['campaign_id', 'int8'], ['device', 'text'], ['started_at', 'timestamptz'],
    ['page_views', 'int4'], ['product_views', 'int4'], ['add_to_carts', 'int4'], ['checkouts', 'int4'], ['order_id', 'int8']]);
  readonly events = new TableBuffer('traffic_events', [['session_id', 'int8'], ['type', 'text'], ['at', 'timestamptz'], ['sku_id', 'int8'], ['order_id', 'int8']]);
  #pending: SessionRow[] = [];

  constructor(private readonly ids: { channels: number[]; campaigns: number[]; skus: number[] }) {}

  get size(): number {
    return this.#pending.length;
  }

  add(s: SessionRow): void {
    this.#pending.push(s);
  }

  async flush(tx: Tx): Promise<void> {
    const first = await reserveIds(tx, 'traffic_sessions', this.#pending.length);
    const { channels, campaigns, skus } = this.ids;
    this.#pending.forEach((s, i) => {
      const id = first + i;
      this.sessions.add(id, SOURCE, s.visitor, s.customerId, channels[s.channel], s.campaign >= 0 ? campaigns[s.campaign] : null, DEVICE_NAMES[s.device], s.startedAt,
        s.pageViews, s.productViews, s.addToCarts, s.checkouts, s.orderId);
      for (const e of sessionEvents(s)) this.events.add(id, e.type, e.at, e.sku >= 0 ? skus[e.sku] : null, e.orderId);
    });
    this.#pending = [];
    await this.sessions.flush(tx);
    await this.events.flush(tx);
  }
}

export async function writeService(tx: Tx, tickets: TicketRow[], reviews: ReviewRow[], firstCustomer: number, skuIds: number[]): Promise<Record<string, number>> {
  const t = new TableBuffer('tickets', [['source', 'text'], ['external_id', 'text'], ['customer_id', 'int8'], ['order_id', 'int8'], ['channel', 'text'], ['category', 'text'], ['subject', 'text'], ['body', 'text'],
    ['status', 'text'], ['created_at', 'timestamptz'], ['first_response_at', 'timestamptz'], ['resolved_at', 'timestamptz'], ['rating', 'int2']]);
  tickets.forEach((x, i) => t.add(SOURCE, `TK${String(i + 1).padStart(7, '0')}`, x.customer >= 0 ? firstCustomer + x.customer : null, x.orderId, x.channel, x.category, x.subject, x.body,
    x.status, x.createdAt, x.firstResponseAt, x.resolvedAt, x.rating));
  await t.flush(tx);
  const r = new TableBuffer('reviews', [['source', 'text'], ['external_id', 'text'], ['order_id', 'int8'], ['sku_id', 'int8'], ['customer_id', 'int8'], ['rating', 'int2'], ['body', 'text'], ['created_at', 'timestamptz']]);
  reviews.forEach((x, i) => r.add(SOURCE, `RV${String(i + 1).padStart(7, '0')}`, x.orderId, skuIds[x.sku], firstCustomer + x.customer, x.rating, x.body, x.createdAt));
  await r.flush(tx);
  return { tickets: t.written, reviews: r.written };
}
