import { describe, expect, it } from 'vitest';
import { forEachDriver } from '../test-support/db.js';
import { createUser, setPassword, SYSTEM_ACTOR } from '../modules/identity/index.js';
import { passwordProblem } from './password-policy.js';

describe('password policy', () => {
  it('refuses common passwords, runs, few distinct characters and the username with digits', () => {
    expect(passwordProblem('short')).toBe('expected at least 10 characters');
    expect(passwordProblem('Password123')).toBe('is a commonly used password');
    expect(passwordProblem('qwerty-1234')).toBe('is a commonly used password'); // punctuation does not hide it
    expect(passwordProblem('abcdefghijkl')).toBe('is a simple sequence');
    expect(passwordProblem('9876543210')).toBe('is a simple sequence');
    expect(passwordProblem('aaaaabbbbbaaaa')).toBe('has too few different characters');
    expect(passwordProblem('zhangsan2026', 'zhangsan')).toBe('is the username with digits');
    expect(passwordProblem('2026.ZhangSan', 'zhangsan')).toBe('is the username with digits');
  });

  it('accepts ordinary long passwords, including ones that mention the username among other words', () => {
    for (const p of ['correct-horse-battery', 'a-long-enough-password', 'zhou-password-1', '我的店铺密码很长很安全']) expect(passwordProblem(p, 'zhou')).toBeNull();
  });
});

forEachDriver('password policy in identity', (t) => {
  it('applies to new users and to password changes', async () => {
    const db = t().database.db;
    await expect(createUser(db, SYSTEM_ACTOR, { username: 'lisi', role: 'analyst', password: '1234567890' }))
      .rejects.toMatchObject({ code: 'validation_failed', details: { field: 'body.password', reason: 'password_policy' } });
    const u = await createUser(db, SYSTEM_ACTOR, { username: 'lisi', role: 'analyst', password: 'lisi-likes-tea' });
    await expect(setPassword(db, SYSTEM_ACTOR, u.id, 'lisi20262026')).rejects.toMatchObject({ code: 'validation_failed', message: 'body.newPassword: is the username with digits' });
    await setPassword(db, SYSTEM_ACTOR, u.id, 'green-tea-in-hangzhou');
  });
});
