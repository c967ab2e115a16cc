import { z } from 'zod';

/** Store-wide settings: business dates follow `timeZone`, amounts are minor units of `currency`. */
export const storeSettingsDto = z.object({
  name: z.string(),
  currency: z.string().length(3),
  timeZone: z.string(),
}).meta({ id: 'StoreSettings' });

export const storeSettingsPatch = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as CNY').optional(),
  timeZone: z.string().min(1).optional(),
}).strict();

export type StoreSettingsDto = z.infer<typeof storeSettingsDto>;
export type StoreSettingsPatch = z.infer<typeof storeSettingsPatch>;
