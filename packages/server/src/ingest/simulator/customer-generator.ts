import type { Rng } from '@zhanggui/algorithms';
import { CHANNELS, OFFLINE } from './channel-specs.js';
import { instantOnDay } from './day-timing.js';
import type { MarketingPlan } from './marketing-generator.js';
import { DISTRICTS, GIVEN_FEMALE, GIVEN_MALE, GIVEN_NEUTRAL, MAIL_DOMAINS, OFFLINE_PROVINCES, PROVINCES, ROADS, SURNAMES } from './people-data.js';
import { beta, chance, gamma, intBetween, pick, uniform, WeightedSampler } from './sampling.js';
import type { Calendar } from './store-calendar.js';

/**
 * A customer with the latent traits BG/NBD and Gamma-Gamma assume: purchase rate λ ~ Gamma(r, α),
 * dropout probability after each purchase p ~ Beta(a, b), and per-order spend ~ Gamma(p, ν) with
 * ν ~ Gamma(q, γ). Personal data is plain here; the writer encrypts it.
 */
export interface SimCustomer {
  acquiredAt: number;
  acquiredDay: number;
  channel: number;
  /** Came through paid media (the first order is attributed to the running campaign). */
  paid: boolean;
  province: number;
  city: string;
  lambda: number;
  dropout: number;
  /** Gamma-Gamma rate ν: mean spend per order is 6/ν (in 分). */
  spendRate: number;
  /** Preferred device index (desktop, mobile, tablet); −1 for in-store shoppers. */
  device: number;
  /** Registered but never bought (a CRM always has some). */
  neverBuys: boolean;
  gender: 'F' | 'M' | null;
  birthYear: number | null;
  consentMarketing: boolean;
  consentAnalytics: boolean;
  name: string;
  phone: string;
  email: string | null;
  address: string;
}

export const BGNBD = { r: 0.6, alpha: 95, a: 0.9, b: 3.2 };
export const GAMMA_GAMMA = { p: 6, q: 4, gamma: 9_000 };
/** Organic acquisitions relative to paid ones (see acquisitionWeights). */
const ORGANIC_SCALE = 2;

const provinces = new WeightedSampler(PROVINCES.map((p) => p.weight));
const offlineProvinces = OFFLINE_PROVINCES.map((n) => PROVINCES.findIndex((p) => p.name === n));
const mailDomains = new WeightedSampler(MAIL_DOMAINS.map(([, w]) => w));
const deviceMix = CHANNELS.map((c) => new WeightedSampler(c.devices));
const AUTONOMOUS: Record<string, string> = { 广西: '广西壮族自治区', 内蒙古: '内蒙古自治区', 新疆: '新疆维吾尔自治区', 宁夏: '宁夏回族自治区', 西藏: '西藏自治区' };
const provinceLabel = (name: string, city: string) => (name === city ? '' : AUTONOMOUS[name] ?? `${name}省`);

/** Weight of acquiring a customer on (day, channel): organic growth plus a concave response to spend. */
export function acquisitionWeights(cal: Calendar, plan: MarketingPlan): { organic: Float64Array; paid: Float64Array } {
  const n = cal.dates.length;
  const organic = new Float64Array(n * CHANNELS.length);
  const paid = new Float64Array(n * CHANNELS.length);
  CHANNELS.forEach((c, ch) => {
    for (let d = 0; d < n; d++) {
      organic[d * CHANNELS.length + ch] = ORGANIC_SCALE * c.organic * Math.pow(c.growth, d / 365) * cal.demand[d]!;
      if (c.paid) paid[d * CHANNELS.length + ch] = c.paid.yield * Math.pow(plan.dailySpendYuan[ch]![d]! / plan.scale, 0.6);
    }
  });
  return { organic, paid };
}

function personName(rng: Rng, gender: 'F' | 'M' | null): string {
  const pool = gender === 'F' ? GIVEN_FEMALE + GIVEN_NEUTRAL : gender === 'M' ? GIVEN_MALE + GIVEN_NEUTRAL : GIVEN_NEUTRAL;
  const given = chance(rng, 0.7) ? pick(rng, [...pool]) + pick(rng, [...pool]) : pick(rng, [...pool]);
  return pick(rng, [...SURNAMES]) + given;
}

export function generateCustomers(rng: Rng, cal: Calendar, plan: MarketingPlan, count: number): SimCustomer[] {
  const { organic, paid } = acquisitionWeights(cal, plan);
  const cells = new WeightedSampler(Array.from(organic, (o, i) => o + paid[i]!));
  const phones = new Set<string>();
  const out: SimCustomer[] = [];
  for (let i = 0; i < count; i++) {
    const cell = cells.sample(rng);
    const day = Math.floor(cell / CHANNELS.length);
    const channel = cell % CHANNELS.length;
    const province = channel === OFFLINE ? pick(rng, offlineProvinces) : provinces.sample(rng);
    const gender = chance(rng, 0.03) ? null : chance(rng, 0.64) ? 'F' : 'M';
    let phone: string;
    do phone = `1${intBetween(rng, 3, 9)}${String(intBetween(rng, 0, 999_999_999)).padStart(9, '0')}`; while (phones.has(phone));
    phones.add(phone);
    const provinceSpec = PROVINCES[province]!;
    const city = pick(rng, provinceSpec.cities);
    const domain = MAIL_DOMAINS[mailDomains.sample(rng)]![0];
    const mailbox = domain === 'qq.com' ? String(intBetween(rng, 10_000_000, 2_999_999_999)) : `${pick(rng, ['lily', 'amy', 'jack', 'leo', 'sunny', 'momo', 'xiaoyu', 'ajie'])}${intBetween(rng, 80, 2005)}`;
    out.push({
      acquiredAt: instantOnDay(rng, cal, day), acquiredDay: day, channel,
      paid: chance(rng, paid[cell]! / (organic[cell]! + paid[cell]!)),
      province, city,
      lambda: gamma(rng, BGNBD.r, 1 / BGNBD.alpha),
      dropout: beta(rng, BGNBD.a, BGNBD.b),
      spendRate: gamma(rng, GAMMA_GAMMA.q, 1 / GAMMA_GAMMA.gamma),
      device: channel === OFFLINE ? -1 : deviceMix[channel]!.sample(rng),
      neverBuys: chance(rng, 0.05),
      gender,
      birthYear: chance(rng, 0.2) ? null : Math.round(uniform(rng, 1962, 2005) * 0.5 + uniform(rng, 1982, 1999) * 0.5),
      consentMarketing: chance(rng, 0.55),
      consentAnalytics: chance(rng, 0.92),
      name: personName(rng, gender),
      phone,
      email: chance(rng, 0.6) ? `${mailbox}${i}@${domain}` : null,
      address: `${provinceLabel(provinceSpec.name, city)}${city}市${pick(rng, DISTRICTS)}${pick(rng, ROADS)}${intBetween(rng, 1, 999)}号${intBetween(rng, 1, 30)}栋${intBetween(rng, 1, 6)}单元${intBetween(rng, 1, 32)}0${intBetween(rng, 1, 4)}室`,
    });
  }
  // Ids follow registration order.
  return out.sort((x, y) => x.acquiredAt - y.acquiredAt);
}
