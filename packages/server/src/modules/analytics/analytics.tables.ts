import { date, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { money, ref } from '../../db/columns.js';

/**
 * Daily KPI rollup by channel and device (business days in the store time zone), written by the
 * `kpi-daily` pipeline step. Additive columns sum over days and splits; `buyers` is distinct per
 * row and so does not.
 */
export const kpiDaily = pgTable('kpi_daily', {
  day: date('day').notNull(),
  channelId: ref('channel_id').notNull(),
  device: text('device').notNull(),
  orders: integer('orders').notNull(),
  gmv: money('gmv').notNull(),
  paidAmount: money('paid_amount').notNull(),
  refunds: money('refunds').notNull(),
  cogs: money('cogs').notNull(),
  buyers: integer('buyers').notNull(),
  newBuyers: integer('new_buyers').notNull(),
  visitors: integer('visitors').notNull(),
  convertedVisitors: integer('converted_visitors').notNull(),
  pageViews: integer('page_views').notNull(),
}, (t) => [primaryKey({ columns: [t.day, t.channelId, t.device] })]);
