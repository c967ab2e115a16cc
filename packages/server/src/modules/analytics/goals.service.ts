import { goalInput, type GoalInput, type GoalProgress } from '@zhanggui/contracts';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { getStoreSettings } from '../store/index.js';
import { businessDate } from '../../lib/business-date.js';
import { projectGoal, PROJECTION_METHOD } from './goal-math.js';
import { checkDeviceScope, metricValue } from './metric-values.js';
import { channelIdOf, parseQuery, shiftDays, shiftYears } from './read-model.js';

interface GoalRow { id: number; name: string; metric: GoalProgress['metric']; channel: string | null; device: GoalProgress['device']; starts_on: string; ends_on: string; target_kind: 'absolute' | 'yoy_change'; target: number; direction: 'at_least' | 'at_most'; owner: string }

const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

/** Add a goal; the channel must exist and a device-scoped goal needs a metric with a device split. */
export async function createGoal(db: Tx, input: GoalInput): Promise<number> {
  const g = parseQuery(goalInput, input);
  if (!(g.endsOn > g.startsOn)) throw new AppError('validation_failed', `endsOn: must be after startsOn (${g.startsOn} … ${g.endsOn})`, { field: 'endsOn' });
  checkDeviceScope(g.metric, g.device);
  const channelId = await channelIdOf(db, g.channel);
  const [row] = await queryRows<{ id: number }>(db, sql`insert into goals (name, metric, channel_id, device, starts_on, ends_on, target_kind, target, direction, owner)
    values (${g.name}, ${g.metric}, ${channelId}, ${g.device ?? null}, ${g.startsOn}::date, ${g.endsOn}::date, ${g.targetKind}, ${g.target}, ${g.direction}, ${g.owner}) returning id`);
  return row!.id;
}

export async function deleteGoal(db: Tx, id: number): Promise<void> {
  const rows = await queryRows(db, sql`delete from goals where id = ${id} returning id`);
  if (rows.length === 0) throw new AppError('not_found', `goal ${id} does not exist`);
}

/** The last complete business day: yesterday in the store's zone. */
export async function defaultAsOf(db: Tx): Promise<string> {
  return shiftDays(businessDate(new Date(), (await getStoreSettings(db)).timeZone), -1);
}

/**
 * Each goal's progress as of a business day (inclusive): the metric over [startsOn, min(asOf + 1,
 * endsOn)), the projection to the period end and the status (goal-math.ts, PROJECTION_METHOD).
 */
export async function goalsProgress(db: Tx, asOf: string, opts: { active?: boolean; facts?: boolean } = {}): Promise<GoalProgress[]> {
  const goals = await queryRows<GoalRow>(db, sql`select g.id, g.name, g.metric, c.code as channel, g.device, to_char(g.starts_on, 'YYYY-MM-DD') as starts_on, to_char(g.ends_on, 'YYYY-MM-DD') as ends_on,
      g.target_kind, g.target, g.direction, g.owner
    from goals g left join channels c on c.id = g.channel_id
    where (${opts.active ?? false} = false or (g.starts_on <= ${asOf}::date and g.ends_on > ${asOf}::date))
    order by g.id`);
  const out: GoalProgress[] = [];
  for (const g of goals) {
    const scope = { channel: g.channel ?? undefined, device: g.device ?? undefined };
    const observedTo = [shiftDays(asOf, 1), g.ends_on].sort()[0]!;
    const elapsedDays = Math.max(0, days(g.starts_on, observedTo));
    const totalDays = days(g.starts_on, g.ends_on);
    const actual = elapsedDays > 0 ? await metricValue(db, g.metric, scope, g.starts_on, observedTo, opts) : null;
    let targetValue: number | null = g.target;
    if (g.target_kind === 'yoy_change') {
      const lastYear = await metricValue(db, g.metric, scope, shiftYears(g.starts_on, -1), shiftYears(g.ends_on, -1), opts);
      targetValue = lastYear === null ? null : lastYear * (1 + g.target);
    }
    const p = projectGoal({ metric: g.metric, direction: g.direction, targetValue, actual, elapsedDays, totalDays });
    out.push({
      id: g.id, name: g.name, metric: g.metric, channel: g.channel, device: g.device, startsOn: g.starts_on, endsOn: g.ends_on, targetKind: g.target_kind, target: g.target,
      direction: g.direction, owner: g.owner, asOf, targetValue, elapsedDays, totalDays, actual, ...p, method: PROJECTION_METHOD,
    });
  }
  return out;
}
