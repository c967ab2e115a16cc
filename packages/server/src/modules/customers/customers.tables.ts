import { boolean, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, provenance, tstz } from '../../db/columns.js';

/**
 * Name, phone, email and address are personal data: stored only as AES-256-GCM ciphertext
 * (`*_enc`); phone and email also as a keyed hash (`*_hash`) so an exact lookup needs no
 * decryption.
 */
export const customers = pgTable('customers', {
  id: id(),
  ...provenance(),
  nameEnc: text('name_enc'),
  phoneEnc: text('phone_enc'),
  emailEnc: text('email_enc'),
  addressEnc: text('address_enc'),
  phoneHash: text('phone_hash'),
  emailHash: text('email_hash'),
  /** Coarse location, not personal data on its own: province / country and city. */
  region: text('region'),
  city: text('city'),
  gender: text('gender'),
  birthYear: integer('birth_year'),
  registeredAt: tstz('registered_at'),
  consentMarketing: boolean('consent_marketing').notNull().default(false),
  consentAnalytics: boolean('consent_analytics').notNull().default(true),
  consentUpdatedAt: tstz('consent_updated_at'),
  erasedAt: tstz('erased_at'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('customers_source_external_id_key').on(t.source, t.externalId),
  index('customers_phone_hash_idx').on(t.phoneHash),
  index('customers_email_hash_idx').on(t.emailHash),
]);
