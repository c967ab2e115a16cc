import type { CustomerDto } from '@zhanggui/contracts';
import { maskAddress, maskEmail, maskName, maskPhone } from '../../security/mask.js';
import type { PiiCipher } from '../../security/pii-cipher.js';
import { customers } from './customers.tables.js';

export type CustomerRow = typeof customers.$inferSelect;

const PII = {
  name: { column: 'nameEnc', mask: maskName },
  phone: { column: 'phoneEnc', mask: maskPhone },
  email: { column: 'emailEnc', mask: maskEmail },
  address: { column: 'addressEnc', mask: maskAddress },
} as const;
export type PiiField = keyof typeof PII;
export const PII_FIELDS = Object.keys(PII) as PiiField[];

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * A customer as `unmask` allows: personal data decrypted, and masked unless the caller may read
 * it. Audit snapshots always use the masked form, so the audit log never holds personal data.
 */
export function customerView(row: CustomerRow, cipher: PiiCipher, unmask: boolean): CustomerDto {
  const pii = Object.fromEntries(PII_FIELDS.map((f) => {
    const plain = cipher.decrypt(row[PII[f].column]);
    return [f, plain === null ? null : unmask ? plain : PII[f].mask(plain)];
  })) as Record<PiiField, string | null>;
  return {
    id: row.id, source: row.source, externalId: row.externalId, ...pii,
    region: row.region, city: row.city, gender: row.gender, birthYear: row.birthYear, registeredAt: iso(row.registeredAt),
    consentMarketing: row.consentMarketing, consentAnalytics: row.consentAnalytics, consentUpdatedAt: iso(row.consentUpdatedAt),
    erasedAt: iso(row.erasedAt), createdAt: row.createdAt.toISOString(), masked: !unmask,
  };
}

/** Whether the row holds any personal data at all (an erased or anonymous one does not). */
export const hasPersonalData = (row: CustomerRow) => PII_FIELDS.some((f) => row[PII[f].column] !== null);

/** The encrypted columns (and lookup hashes) for the given plain values; absent fields are left out. */
export function encryptPii(cipher: PiiCipher, values: Partial<Record<PiiField, string | null>>) {
  const out: Partial<Record<'nameEnc' | 'phoneEnc' | 'emailEnc' | 'addressEnc' | 'phoneHash' | 'emailHash', string | null>> = {};
  for (const f of PII_FIELDS) {
    const v = values[f];
    if (v === undefined) continue;
    out[PII[f].column] = cipher.encrypt(v);
    if (f === 'phone' || f === 'email') out[`${f}Hash`] = cipher.lookupHash(f, v);
  }
  return out;
}
