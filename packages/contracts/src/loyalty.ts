import { z } from 'zod';

export const tierDefinition = z.object({
  code: z.string().trim().min(1).max(30),
  name: z.string().trim().min(1).max(30),
  threshold: z.number().int().min(0),
  earnMultiplier: z.number().gt(0).max(100),
  memberPrice: z.boolean(),
  freeShipping: z.boolean(),
  birthdayGift: z.boolean(),
  priorityService: z.boolean(),
});

/** The membership programme (docs/loyalty.md). */
export const loyaltyConfig = z.object({
  tiers: z.array(tierDefinition).min(1).max(10),
  growthBasis: z.enum(['spend', 'points']),
  growthWindow: z.enum(['rolling_12_months', 'calendar_year']),
  reviewDay: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected MM-DD'),
  graceDays: z.number().int().min(0).max(366),
  pointsPerUnit: z.number().min(0).max(1000),
  pointValue: z.number().int().min(0),
  expiry: z.enum(['rolling_12_months', 'year_end']),
  reminderDays: z.number().int().min(1).max(366),
}).meta({ id: 'LoyaltyConfig' });

export const loyaltyDashboard = z.object({
  day: z.string(),
  tiers: z.array(z.object({ code: z.string(), name: z.string(), customers: z.number().int() })),
  liability: z.object({ points: z.number().int(), value: z.number().int() }),
  remindersDue: z.array(z.object({ customerId: z.number().int(), points: z.number().int(), expiresOn: z.string() })),
}).meta({ id: 'LoyaltyDashboard' });

export const customerLoyalty = z.object({
  customerId: z.number().int(),
  tier: z.object({ code: z.string(), name: z.string(), since: z.string().nullable(), pendingTier: z.string().nullable(), graceUntil: z.string().nullable() }),
  growthValue: z.number().int(),
  balance: z.number().int(),
  ledger: z.array(z.object({ id: z.number().int(), key: z.string(), kind: z.string(), day: z.string(), points: z.number().int(), expiresOn: z.string().nullable(), orderId: z.number().int().nullable(), note: z.string().nullable() })),
  tierHistory: z.array(z.object({ day: z.string(), fromTier: z.string(), toTier: z.string(), reason: z.string(), growthValue: z.number().int() })),
}).meta({ id: 'CustomerLoyalty' });

/** A manual posting: an adjustment (±) or a redemption (−); `key` makes a retry post once. */
export const pointsPostingBody = z.object({
  key: z.string().trim().min(1).max(200),
  kind: z.enum(['adjust', 'redeem']),
  points: z.number().int().refine((v) => v !== 0, 'must not be 0'),
  note: z.string().trim().max(200).optional(),
});

export const pointsPostingResult = z.union([
  z.object({ ok: z.literal(true), postingId: z.number().int(), replayed: z.boolean(), balance: z.number().int() }),
  z.object({ ok: z.literal(false), reason: z.literal('insufficient_points'), balance: z.number().int() }),
]);
