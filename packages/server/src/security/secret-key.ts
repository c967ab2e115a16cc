import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

const KEY_FILE = 'secret.key';

/** Parse a 32-byte key given as 64 hex digits or base64. */
export function parseSecretKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error('ZHANGGUI_SECRET_KEY: expected 32 bytes as 64 hex digits or base64');
  return key;
}

/**
 * The install's key for personal data: from ZHANGGUI_SECRET_KEY when set, else the key file in
 * the data directory, created (mode 0600) on first start. Back it up with the database: without
 * it the personal data cannot be read.
 */
export function loadOrCreateSecretKey(dataDir: string, fromEnv: string | undefined): Buffer {
  if (fromEnv) return parseSecretKey(fromEnv);
  const file = path.join(dataDir, KEY_FILE);
  if (fs.existsSync(file)) return parseSecretKey(fs.readFileSync(file, 'utf8'));
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
