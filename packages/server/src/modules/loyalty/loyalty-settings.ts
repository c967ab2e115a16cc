import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { loyaltySettings } from './loyalty.tables.js';

export interface TierBenefits {
  /** Points earned per yuan are multiplied by this. */
  earnMultiplier: number;
  memberPrice: boolean;
  freeShipping: boolean;
  birthdayGift: boolean;
  priorityService: boolean;
}

export interface TierDefinition extends TierBenefits {
  code: string;
  name: string;
  /** Growth value (成长值) needed to qualify: minor units of spend, or points earned. */
  threshold: number;
}

export interface LoyaltyConfig {
  /** Lowest first; the first tier's threshold is 0. */
  tiers: TierDefinition[];
  /** 成长值: net paid spend (minor units) or points earned, over the growth window. */
  growthBasis: 'spend' | 'points';
  growthWindow: 'rolling_12_months' | 'calendar_year';
  /** Tier review day each year, MM-DD: downgrades are decided only then. */
  reviewDay: string;
  /** Days a customer keeps a tier they no longer qualify for after the review. */
  graceDays: number;
  /** Points per major currency unit (yuan) paid, before the tier multiplier. */
  pointsPerUnit: number;
  /** Value of one point in minor units (for the points liability). */
  pointValue: number;
  /** rolling_12_months: points expire 12 months after they were earned; year_end: on 31 Dec of the year after (年底清零). */
  expiry: 'rolling_12_months' | 'year_end';
  /** How many days ahead expiring points are listed as reminders due. */
  reminderDays: number;
}

const tier = (code: string, name: string, threshold: number, earnMultiplier: number, more: Partial<TierBenefits>): TierDefinition => ({
  code, name, threshold, earnMultiplier, memberPrice: false, freeShipping: false, birthdayGift: false, priorityService: false, ...more,
});

/** The default programme: 普通 / 银卡 / 金卡 / 钻石 on net spend over a rolling 12 months. */
export const DEFAULT_LOYALTY_CONFIG: LoyaltyConfig = {
  tiers: [
    tier('regular', '普通', 0, 1, {}),
    tier('silver', '银卡', 100_000, 1.2, { memberPrice: true }),
    tier('gold', '金卡', 500_000, 1.5, { memberPrice: true, freeShipping: true, birthdayGift: true }),
    tier('diamond', '钻石', 2_000_000, 2, { memberPrice: true, freeShipping: true, birthdayGift: true, priorityService: true }),
  ],
  growthBasis: 'spend',
  growthWindow: 'rolling_12_months',
  reviewDay: '01-01',
  graceDays: 30,
  pointsPerUnit: 1,
  pointValue: 1,
  expiry: 'rolling_12_months',
  reminderDays: 30,
};

/** Check a configuration; errors name the field. */
export function validateLoyaltyConfig(c: LoyaltyConfig): LoyaltyConfig {
  const bad = (field: string, why: string) => new AppError('validation_failed', `${field}: ${why}`, { field });
  if (!Array.isArray(c.tiers) || c.tiers.length === 0) throw bad('tiers', 'at least one tier');
  const codes = new Set<string>();
  c.tiers.forEach((t, i) => {
    if (!t.code || codes.has(t.code)) throw bad(`tiers[${i}].code`, 'must be non-empty and unique');
    codes.add(t.code);
    if (!Number.isInteger(t.threshold) || t.threshold < 0) throw bad(`tiers[${i}].threshold`, 'must be an integer >= 0');
    if (i === 0 && t.threshold !== 0) throw bad('tiers[0].threshold', 'the lowest tier must start at 0');
    if (i > 0 && t.threshold <= c.tiers[i - 1]!.threshold) throw bad(`tiers[${i}].threshold`, 'must be above the tier before');
    if (!(t.earnMultiplier > 0 && t.earnMultiplier <= 100)) throw bad(`tiers[${i}].earnMultiplier`, 'must be in (0, 100]');
  });
  if (!['spend', 'points'].includes(c.growthBasis)) throw bad('growthBasis', 'spend or points');
  if (!['rolling_12_months', 'calendar_year'].includes(c.growthWindow)) throw bad('growthWindow', 'rolling_12_months or calendar_year');
  if (!/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(c.reviewDay)) throw bad('reviewDay', 'MM-DD');
  if (!Number.isInteger(c.graceDays) || c.graceDays < 0) throw bad('graceDays', 'an integer >= 0');
  if (!(c.pointsPerUnit >= 0)) throw bad('pointsPerUnit', 'a number >= 0');
  if (!Number.isInteger(c.pointValue) || c.pointValue < 0) throw bad('pointValue', 'an integer >= 0 (minor units)');
  if (!['rolling_12_months', 'year_end'].includes(c.expiry)) throw bad('expiry', 'rolling_12_months or year_end');
  if (!Number.isInteger(c.reminderDays) || c.reminderDays < 1) throw bad('reminderDays', 'an integer >= 1');
  return c;
}

export async function getLoyaltyConfig(tx: Tx): Promise<LoyaltyConfig> {
  const [row] = await tx.select().from(loyaltySettings).where(eq(loyaltySettings.id, 1));
  return row ? { ...DEFAULT_LOYALTY_CONFIG, ...(row.config as Partial<LoyaltyConfig>) } : DEFAULT_LOYALTY_CONFIG;
}

export async function setLoyaltyConfig(tx: Tx, config: LoyaltyConfig): Promise<LoyaltyConfig> {
  validateLoyaltyConfig(config);
  await tx.insert(loyaltySettings).values({ id: 1, config }).onConflictDoUpdate({ target: loyaltySettings.id, set: { config, updatedAt: new Date() } });
  return config;
}
