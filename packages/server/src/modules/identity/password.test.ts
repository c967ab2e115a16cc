import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, needsRehash, verifyPassword } from './password.js';

describe('passwords', () => {
  it('hashes with scrypt in the stored format and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
    expect(needsRehash(stored)).toBe(false);
  });

  it('salts every hash and treats composed and decomposed Unicode alike', async () => {
    const a = await hashPassword('掌柜的密码');
    expect(a).not.toBe(await hashPassword('掌柜的密码'));
    expect(await verifyPassword('Café-au-lait', await hashPassword('Cafe\u0301-au-lait'))).toBe(true);
  });

  it('verifies hashes made with other parameters and asks for them to be upgraded', async () => {
    const { scryptSync } = await import('node:crypto');
    const salt = Buffer.from('0123456789abcdef');
    const old = ['scrypt', 1024, 8, 1, salt.toString('base64url'), scryptSync('old-password', salt, 32, { N: 1024, r: 8, p: 1 }).toString('base64url')].join('$');
    expect(await verifyPassword('old-password', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
  });

  it('never matches a malformed or tampered hash', async () => {
    const stored = await hashPassword('secret-secret');
    const parts = stored.split('$');
    for (const bad of ['', 'test:no-login', 'bcrypt$x', stored.replace('scrypt', 'scrypt2'), [...parts.slice(0, 1), '1000', ...parts.slice(2)].join('$'),
      [...parts.slice(0, 1), String(2 ** 24), ...parts.slice(2)].join('$'), [...parts.slice(0, 5), 'AAAA'].join('$')]) {
      expect(await verifyPassword('secret-secret', bad)).toBe(false);
    }
  });

  it('generates one-time passwords from an unambiguous alphabet', () => {
    const seen = new Set(Array.from({ length: 50 }, () => generatePassword()));
    expect(seen.size).toBe(50);
    for (const p of seen) expect(p).toMatch(/^[A-HJ-NP-Za-km-z2-9]{16}$/);
  });
});
