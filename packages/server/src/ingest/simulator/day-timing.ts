import type { Rng } from '@zhanggui/algorithms';
import { HOUR_MS, type Calendar } from './store-calendar.js';
import { WeightedSampler } from './sampling.js';

// Shoppers buy at lunch and late in the evening; few at dawn.
const HOUR_WEIGHTS = [2.2, 1.2, 0.6, 0.3, 0.2, 0.2, 0.4, 1, 1.8, 2.6, 3.2, 3.4, 3.8, 3.4, 3, 3, 3.1, 3.2, 3.4, 3.8, 4.6, 5.2, 5, 3.6];
const hours = new WeightedSampler(HOUR_WEIGHTS);

/** A random instant on a business day; on the big festival days a burst lands right after midnight. */
export function instantOnDay(rng: Rng, cal: Calendar, day: number): number {
  const f = cal.festival[day];
  const md = cal.dates[day]!.slice(5);
  const midnightRush = (md === '11-11' || md === '06-18') && f !== null && rng.next() < 0.2;
  const hour = midnightRush ? 0 : hours.sample(rng);
  return cal.dayStart[day]! + hour * HOUR_MS + Math.floor(rng.next() * HOUR_MS);
}
