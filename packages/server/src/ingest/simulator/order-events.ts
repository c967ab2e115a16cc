import type { Rng } from '@zhanggui/algorithms';
import { CHANNELS, OFFLINE } from './channel-specs.js';
import type { SimCustomer } from './customer-generator.js';
import { instantOnDay } from './day-timing.js';
import { chance, exponential, WeightedSampler } from './sampling.js';
import type { Calendar } from './store-calendar.js';

/** When someone buys: a customer's purchase or a guest's, before the basket is built. */
export interface OrderEvent {
  at: number;
  day: number;
  /** Index into the customers, or −1 for a guest. */
  customer: number;
  channel: number;
  /** Device index (desktop, mobile, tablet) or −1 (in store). */
  device: number;
  first: boolean;
}

/** Share of orders placed by guests (more of them in the shops). */
const GUEST_SHARE = 0.07;
const deviceMix = CHANNELS.map((c) => new WeightedSampler(c.devices));

/** Cumulative seasonal intensity: a purchase clock that runs faster on busy days. */
function seasonalClock(cal: Calendar): Float64Array {
  const n = cal.dates.length;
  const mean = cal.demand.reduce((s, x) => s + x, 0) / n;
  const cum = new Float64Array(n + 1);
  for (let d = 0; d < n; d++) cum[d + 1] = cum[d]! + cal.demand[d]! / mean;
  return cum;
}

/** The day whose slice of the seasonal clock contains u. */
function dayAt(cum: Float64Array, u: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid + 1]! > u) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/**
 * BG/NBD purchase processes: while alive, a customer buys as a Poisson process with rate λ in
 * seasonal time (so peaks lift everyone); after each purchase they drop out with probability p.
 */
export function generateOrderEvents(rng: Rng, cal: Calendar, customers: readonly SimCustomer[]): OrderEvent[] {
  const n = cal.dates.length;
  const cum = seasonalClock(cal);
  const channelMix = new WeightedSampler(CHANNELS.map((c) => c.organic * (c.kind === 'offline' ? 0.5 : 1)));
  const events: OrderEvent[] = [];
  customers.forEach((c, i) => {
    if (c.neverBuys) return;
    events.push({ at: c.acquiredAt, day: c.acquiredDay, customer: i, channel: c.channel, device: c.device, first: true });
    let day = c.acquiredDay;
    let u = cum[day]! + rng.next() * (cum[day + 1]! - cum[day]!);
    while (!chance(rng, c.dropout)) {
      u += exponential(rng, c.lambda);
      if (u >= cum[n]!) break;
      day = Math.max(day + 1, dayAt(cum, u));
      if (day >= n) break;
      // Most repeat purchases go back to the channel the customer came from.
      const loyal = chance(rng, c.channel === OFFLINE ? 0.85 : 0.72);
      const channel = loyal ? c.channel : channelMix.sample(rng);
      const device = channel === OFFLINE ? -1 : channel === c.channel && c.device >= 0 && chance(rng, 0.85) ? c.device : deviceMix[channel]!.sample(rng);
      events.push({ at: instantOnDay(rng, cal, day), day, customer: i, channel, device, first: false });
    }
  });
  const guests = Math.round((events.length * GUEST_SHARE) / (1 - GUEST_SHARE));
  const days = new WeightedSampler(cal.demand.map((f, d) => f * Math.pow(1.25, d / 365)));
  const guestChannels = new WeightedSampler(CHANNELS.map((c) => c.organic * (c.kind === 'offline' ? 4 : 1)));
  for (let g = 0; g < guests; g++) {
    const day = days.sample(rng);
    const channel = guestChannels.sample(rng);
    events.push({ at: instantOnDay(rng, cal, day), day, customer: -1, channel, device: channel === OFFLINE ? -1 : deviceMix[channel]!.sample(rng), first: false });
  }
  return events.sort((a, b) => a.at - b.at || a.customer - b.customer);
}
