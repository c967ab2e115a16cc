import type { Rng } from '@zhanggui/algorithms';
import { intBetween, logNormal, uniform, WeightedSampler } from './sampling.js';
import { DAY_MS, HOUR_MS, springFestivalOffset, zoneOffsetMs, type Calendar } from './store-calendar.js';

const CARRIERS: [string, string, number][] = [['顺丰速运', 'SF', 0.2], ['中通快递', 'ZT', 0.3], ['圆通速递', 'YT', 0.2], ['韵达快递', 'YD', 0.15], ['申通快递', 'ST', 0.1], ['中国邮政', 'EMS', 0.05]];
const carriers = new WeightedSampler(CARRIERS.map(([, , w]) => w));

export interface ShipmentPlan { carrier: string; trackingNo: string; shippedAt: number; deliveredAt: number; promisedAt: number; sameRegion: boolean }

/** Same-region stock is promised within 24 h of payment; anything else within 72 h. */
export const PROMISE_HOURS = { sameRegion: 24, crossRegion: 72 };

/**
 * Hand-over and transit times: paid before 16:00 ships the same evening, later ships the next
 * morning; backlogs after big sale days; the warehouses close over 春节. Same-region parcels
 * arrive mostly within a day, cross-region in 2–4 days, remote regions later.
 */
export function planShipment(rng: Rng, cal: Calendar, timeZone: string, o: { paidAt: number; day: number; jd: boolean; from: string; to: string }): ShipmentPlan {
  const localHour = ((o.paidAt + zoneOffsetMs(o.paidAt, timeZone)) % DAY_MS) / HOUR_MS;
  let shipDay = o.day;
  let shippedAt = localHour < 16 ? o.paidAt + uniform(rng, 1, 4) * HOUR_MS : 0;
  const backlog = cal.demand[o.day]! > 2.5 ? intBetween(rng, 0, 2) : 0;
  if (localHour >= 16 || backlog > 0) {
    shipDay = o.day + Math.max(1, backlog);
    shippedAt = (cal.dayStart[shipDay] ?? cal.end + (shipDay - cal.dates.length) * DAY_MS) + uniform(rng, 6, 11) * HOUR_MS;
  }
  const sf = shipDay < cal.dates.length ? springFestivalOffset(cal.dates[shipDay]!) : null;
  if (sf !== null && sf >= -3 && sf <= 5) shippedAt += (6 - sf) * DAY_MS;
  const sameRegion = o.from === o.to;
  const far = o.to === '西北' || (o.from === '华东' && o.to === '西南');
  const transitHours = sameRegion ? logNormal(rng, 9, 0.35) : far ? logNormal(rng, 78, 0.3) : logNormal(rng, 50, 0.3);
  const [carrier, prefix] = o.jd ? ['京东物流', 'JDV'] : CARRIERS[carriers.sample(rng)]!;
  return {
    carrier, trackingNo: `${prefix}${String(intBetween(rng, 0, 999_999)).padStart(6, '0')}${String(intBetween(rng, 0, 999_999)).padStart(6, '0')}`,
    shippedAt: Math.round(shippedAt), deliveredAt: Math.round(shippedAt + transitHours * HOUR_MS), sameRegion,
    promisedAt: o.paidAt + (sameRegion ? PROMISE_HOURS.sameRegion : PROMISE_HOURS.crossRegion) * HOUR_MS,
  };
}

export const REFUND_REASONS = {
  cancel: ['拍错了/多拍了', '不想要了', '发货太慢', '地址填写错误', '其他渠道价格更低'],
  defect: ['商品破损', '质量问题', '发错货', '商品与描述不符'],
  preference: ['七天无理由退货', '尺寸不合适', '颜色与图片有差异', '不喜欢/效果不好'],
  partial: ['价格保护', '少件/漏发补偿', '轻微破损补偿', '物流延误补偿'],
};
