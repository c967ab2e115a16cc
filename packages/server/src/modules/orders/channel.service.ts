import { asc, eq } from 'drizzle-orm';
import type { CreateSalesChannelInput, SalesChannelDto } from '@zhanggui/contracts';
import type { Tx } from '../../db/client.js';
import { audit, type Actor } from '../identity/index.js';
import { rethrowConstraint } from '../../db/query-helpers.js';
import { channels } from './orders.tables.js';

type ChannelRow = typeof channels.$inferSelect;

const toDto = (c: ChannelRow): SalesChannelDto => ({
  id: c.id, code: c.code, name: c.name, kind: c.kind as SalesChannelDto['kind'], createdAt: c.createdAt.toISOString(),
});

/** Every sales channel (a store has a handful). */
export async function listChannels(db: Tx): Promise<SalesChannelDto[]> {
  const rows = await db.select().from(channels).orderBy(asc(channels.id));
  return rows.map(toDto);
}

export async function findChannelByCode(db: Tx, code: string): Promise<SalesChannelDto | undefined> {
  const [row] = await db.select().from(channels).where(eq(channels.code, code));
  return row ? toDto(row) : undefined;
}

export async function createChannel(db: Tx, actor: Actor, input: CreateSalesChannelInput): Promise<SalesChannelDto> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(channels).values(input).returning();
      const created = toDto(row!);
      await audit(tx, actor, { action: 'create', entity: 'channel', entityId: created.id, after: created });
      return created;
    });
  } catch (e) {
    rethrowConstraint(e, { channels_code_unique: { field: 'body.code', message: 'a channel with this code already exists' } });
  }
}
