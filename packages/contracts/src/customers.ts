import { z } from 'zod';
import { queryFlag } from './catalog.js';
import { pageQuery } from './common.js';

export const GENDERS = ['female', 'male', 'other'] as const;

/**
 * A customer as an API caller sees it. Name, phone, email and address are masked
 * (`138****5678`, `z***@example.com`) unless the caller's role holds `pii:read`; `masked` says which.
 */
export const customer = z.object({
  id: z.number().int(),
  source: z.string(),
  externalId: z.string().nullable(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  region: z.string().nullable(),
  city: z.string().nullable(),
  gender: z.string().nullable(),
  birthYear: z.number().int().nullable(),
  registeredAt: z.string().nullable(),
  consentMarketing: z.boolean(),
  consentAnalytics: z.boolean(),
  consentUpdatedAt: z.string().nullable(),
  erasedAt: z.string().nullable(),
  createdAt: z.string(),
  masked: z.boolean(),
}).meta({ id: 'Customer' });

/** Digits with an optional leading + and spaces or hyphens between groups. */
const phone = z.string().trim().regex(/^\+?[0-9][0-9 -]{4,22}[0-9]$/, 'expected a phone number: digits, optionally +, spaces or hyphens');
const text = (max: number) => z.string().trim().min(1).max(max);

const email = z.email('expected an email address').trim().max(254);

export const createCustomerBody = z.object({
  externalId: text(200).optional(),
  name: text(100).optional(),
  phone: phone.optional(),
  email: email.optional(),
  address: text(500).optional(),
  region: text(100).optional(),
  city: text(100).optional(),
  gender: z.enum(GENDERS).optional(),
  birthYear: z.number().int().min(1900).max(2100).optional(),
  registeredAt: z.iso.datetime({ offset: true }).optional(),
  consentMarketing: z.boolean().default(false),
  consentAnalytics: z.boolean().default(true),
});

/** Each field may be changed, or cleared with null; a consent change stamps `consentUpdatedAt`. */
export const updateCustomerBody = z.object({
  name: text(100).nullable().optional(),
  phone: phone.nullable().optional(),
  email: email.nullable().optional(),
  address: text(500).nullable().optional(),
  region: text(100).nullable().optional(),
  city: text(100).nullable().optional(),
  gender: z.enum(GENDERS).nullable().optional(),
  birthYear: z.number().int().min(1900).max(2100).nullable().optional(),
  consentMarketing: z.boolean().optional(),
  consentAnalytics: z.boolean().optional(),
});

const customerFilters = {
  region: text(100).optional(),
  /** An exact phone number or email address (matched through its keyed hash, never by scanning). */
  q: text(254).optional(),
  consentMarketing: queryFlag.optional(),
  consentAnalytics: queryFlag.optional(),
};
export const customerListQuery = pageQuery.extend(customerFilters);
export const customerExportQuery = z.object(customerFilters);

export type CustomerDto = z.infer<typeof customer>;
export type CreateCustomerInput = z.infer<typeof createCustomerBody>;
export type UpdateCustomerInput = z.infer<typeof updateCustomerBody>;
export type CustomerListQuery = z.infer<typeof customerListQuery>;
export type CustomerFilters = z.infer<typeof customerExportQuery>;
