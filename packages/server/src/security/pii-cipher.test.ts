import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PiiCipher } from './pii-cipher.js';

describe('PiiCipher', () => {
  const cipher = new PiiCipher(randomBytes(32));

  it('round-trips and never writes the same ciphertext twice', () => {
    const a = cipher.encrypt('13812345678');
    const b = cipher.encrypt('13812345678');
    expect(a).not.toBe(b);
    expect(a).not.toContain('13812345678');
    expect(cipher.decrypt(a)).toBe('13812345678');
    expect(cipher.decrypt(cipher.encrypt('浙江省杭州市'))).toBe('浙江省杭州市');
    expect(cipher.encrypt(null)).toBeNull();
  });

  it('rejects a tampered value and a different key', () => {
    const v = cipher.encrypt('secret');
    const parts = v.split('.');
    parts[3] = Buffer.from('SECRET').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'))).toThrow();
    expect(() => new PiiCipher(randomBytes(32)).decrypt(v)).toThrow();
  });

  it('hashes normalised values for exact lookup, per key', () => {
    expect(cipher.lookupHash('phone', '138 1234 5678')).toBe(cipher.lookupHash('phone', '13812345678'));
    expect(cipher.lookupHash('email', ' A@Example.com')).toBe(cipher.lookupHash('email', 'a@example.com'));
    expect(cipher.lookupHash('email', 'a@example.com')).not.toBe(new PiiCipher(randomBytes(32)).lookupHash('email', 'a@example.com'));
    expect(cipher.lookupHash('phone', '')).toBeNull();
  });
});
