// What a chosen password must not be, on top of the 10-character minimum the API schema checks:
// common passwords, keyboard/alphabet runs, too few different characters, or the username with
// digits around it (NIST SP 800-63B §5.1.1.2: check against known-bad values, no composition rules).
import { AppError } from '../errors.js';

// Common passwords of 10 or more characters (from public breach top lists), lower-cased.
const COMMON = new Set([
  '1234567890', '0123456789', '0987654321', '1111111111', '1234512345', '1q2w3e4r5t', '1qaz2wsx3edc', 'qwertyuiop', 'asdfghjkl;', 'zxcvbnm,./',
  'qwerty1234', 'qwerty123456', 'password12', 'password123', 'password1234', 'passw0rd123', 'iloveyou12', 'a123456789', 'abc1234567', 'abcd123456',
  'aa12345678', 'woaini1314', 'woaini520', '5201314520', '1314520520', 'qq123456789', 'admin12345', 'administrator', 'welcome123', 'letmein123',
  'football12', 'baseball12', 'princess12', 'sunshine12', 'iloveyou123', 'changeme123', 'zhanggui123', 'zhanggui2026', 'p@ssw0rd123', 'qwe123qwe123',
]);

function isRun(s: string): boolean {
  if (s.length < 4) return false;
  const step = s.charCodeAt(1) - s.charCodeAt(0);
  if (Math.abs(step) !== 1 && step !== 0) return false;
  for (let i = 2; i < s.length; i++) if (s.charCodeAt(i) - s.charCodeAt(i - 1) !== step) return false;
  return true;
}

/** Why the password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, username?: string): string | null {
  const lower = password.normalize('NFKC').toLowerCase();
  const alnum = lower.replace(/[^\p{L}\p{N}]/gu, '');
  if (password.length < 10) return 'expected at least 10 characters';
  if (COMMON.has(lower) || COMMON.has(alnum)) return 'is a commonly used password';
  if (isRun(lower) || isRun(alnum)) return 'is a simple sequence';
  if (new Set(Array.from(lower)).size < 5) return 'has too few different characters';
  const user = username?.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  if (user && user.length >= 3 && new RegExp(`^[0-9]*${user.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[0-9]*$`, 'u').test(alnum)) return 'is the username with digits';
  return null;
}

/** Throw `validation_failed` naming the field when the password breaks the policy. */
export function assertPasswordPolicy(password: string, username: string | undefined, field: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new AppError('validation_failed', `${field}: ${problem}`, { field, reason: 'password_policy' });
}
