import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * Encrypts personal data with AES-256-GCM (random 96-bit nonce per value, authenticated) and
 * gives a keyed hash (HMAC-SHA-256 under a separate derived key) for exact-match lookup.
 * Ciphertext is text: `v1.<nonce>.<tag>.<ciphertext>`, base64url parts.
 */
export class PiiCipher {
  readonly #encKey: Buffer;
  readonly #macKey: Buffer;
  /** Identifies the key without revealing it, so a database can refuse the wrong one. */
  readonly fingerprint: string;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error(`secret key: expected 32 bytes, got ${masterKey.length}`);
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), info, 32));
    this.#encKey = derive('zhanggui pii encryption');
    this.#macKey = derive('zhanggui pii lookup');
    this.fingerprint = createHmac('sha256', derive('zhanggui key fingerprint')).update('fingerprint').digest('hex').slice(0, 16);
  }

  encrypt(plain: string): string;
  encrypt(plain: string | null | undefined): string | null;
  encrypt(plain: string | null | undefined): string | null {
    if (plain == null) return null;
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#encKey, nonce);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, nonce.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
  }

  decrypt(value: string): string;
  decrypt(value: string | null | undefined): string | null;
  decrypt(value: string | null | undefined): string | null {
    if (value == null) return null;
    const [version, nonce, tag, ct] = value.split('.');
    if (version !== VERSION || nonce === undefined || tag === undefined || ct === undefined) {
      throw new Error('personal data: not a ciphertext this version can read');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.#encKey, Buffer.from(nonce, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Keyed hash of a normalised value (trimmed, lower-cased; phone digits only). */
  lookupHash(kind: 'phone' | 'email', value: string | null | undefined): string | null {
    if (value == null || value.trim() === '') return null;
    const norm = kind === 'phone' ? value.replace(/\D/g, '') : value.trim().toLowerCase();
    return createHmac('sha256', this.#macKey).update(`${kind}:${norm}`).digest('hex');
  }
}
