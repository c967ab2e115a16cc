import type { Rng } from '@zhanggui/algorithms';
import { CHANNELS } from './channel-specs.js';
import { logNormal, uniform } from './sampling.js';
import { addDays, daysBetween, springFestivalOffset, type Calendar } from './store-calendar.js';

export interface SimCampaign { channel: number; name: string; objective: string; start: number; end: number; budget: number }
export interface SpendRow { channel: number; campaign: number | null; day: number; impressions: number; clicks: number; spend: number }

export interface MarketingPlan {
  campaigns: SimCampaign[];
  spend: SpendRow[];
  /** Total spend per channel and day in yuan (what acquisition responds to). */
  dailySpendYuan: Float64Array[];
  /** Campaign running on (channel, day), or −1. */
  campaignOn(channel: number, day: number): number;
  /** Budgets scale with the store size so that ROI does not depend on it. */
  scale: number;
}

// The promotion windows of the year (MM-DD, inclusive) and how hard each is pushed.
const WINDOWS: { name: string; from: string; to: string; boost: number }[] = [
  { name: '38节', from: '03-01', to: '03-08', boost: 1.2 },
  { name: '618', from: '05-31', to: '06-18', boost: 2 },
  { name: '双11', from: '10-20', to: '11-11', boost: 2.5 },
  { name: '双12', from: '12-05', to: '12-12', boost: 1.4 },
];

function promotionWindows(cal: Calendar): { name: string; start: number; end: number; boost: number }[] {
  const first = cal.dates[0]!;
  const n = cal.dates.length;
  const out: { name: string; start: number; end: number; boost: number }[] = [];
  for (let y = Number(first.slice(0, 4)); y <= Number(cal.dates[n - 1]!.slice(0, 4)); y++) {
    for (const w of WINDOWS) out.push({ name: `${y} ${w.name}`, start: daysBetween(first, `${y}-${w.from}`), end: daysBetween(first, `${y}-${w.to}`), boost: w.boost });
    // 年货节: the run-up to 春节 (found from the festival table via the calendar).
    for (let d = 0; d < n; d++) {
      if (cal.dates[d]!.startsWith(String(y)) && springFestivalOffset(cal.dates[d]!) === -24) {
        out.push({ name: `${y} 年货节`, start: d, end: d + 15, boost: 1.3 });
      }
    }
  }
  return out.filter((w) => w.end >= 0 && w.start < n).map((w) => ({ ...w, start: Math.max(0, w.start), end: Math.min(n - 1, w.end) }));
}

/**
 * Daily paid-media spend per channel: an always-on line that follows demand, plus campaign
 * bursts in the promotion windows. Acquisition responds to spend^0.6, so the extra yuan of a
 * burst buys fewer customers (diminishing returns) and heavy spenders end with a lower ROI.
 */
export function generateMarketing(rng: Rng, cal: Calendar, customers: number): MarketingPlan {
  const n = cal.dates.length;
  const scale = customers / 20_000;
  const campaigns: SimCampaign[] = [];
  const spend: SpendRow[] = [];
  const dailySpendYuan = CHANNELS.map(() => new Float64Array(n));
  const onDay = CHANNELS.map(() => new Int32Array(n).fill(-1));
  const windows = promotionWindows(cal);
  CHANNELS.forEach((c, ch) => {
    if (!c.paid) return;
    for (const w of windows) {
      const budgetYuan = c.paid.budget * w.boost * (w.end - w.start + 1) * scale;
      campaigns.push({ channel: ch, name: `${w.name} · ${c.paid.platform}`, objective: w.name.includes('年货') ? '拉新' : '大促转化', start: w.start, end: w.end, budget: Math.round(budgetYuan * 100) });
      for (let d = w.start; d <= w.end; d++) onDay[ch]![d] = campaigns.length - 1;
    }
    for (let d = 0; d < n; d++) {
      const growth = Math.pow(c.growth, d / 365);
      const lines: [number | null, number][] = [[null, c.paid.budget * scale * growth * Math.pow(cal.demand[d]!, 0.8) * logNormal(rng, 1, 0.3)]];
      const camp = onDay[ch]![d]!;
      if (camp >= 0) {
        const w = campaigns[camp]!;
        const perDay = w.budget / 100 / (w.end - w.start + 1);
        lines.push([camp, perDay * Math.pow(cal.demand[d]!, 0.5) * logNormal(rng, 1, 0.2)]);
      }
      for (const [campaign, yuan] of lines) {
        const fen = Math.round(yuan * 100);
        const impressions = Math.round((yuan / (c.paid.cpm * uniform(rng, 0.85, 1.2))) * 1000);
        spend.push({ channel: ch, campaign, day: d, impressions, clicks: Math.round(impressions * c.paid.ctr * uniform(rng, 0.8, 1.2)), spend: fen });
        dailySpendYuan[ch]![d]! += fen / 100;
      }
    }
  });
  return { campaigns, spend, dailySpendYuan, scale, campaignOn: (ch, d) => onDay[ch]![d]! };
}

export const campaignEndDate = (cal: Calendar, c: SimCampaign): string => addDays(cal.dates[0]!, c.end);
