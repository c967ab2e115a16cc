/** Masks for personal data shown to a role without `pii:read`. */

/** 13812345678 → 138****5678; short numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  const d = phone.replace(/\s/g, '');
  if (d.length >= 7) return `${d.slice(0, 3)}****${d.slice(-4)}`;
  return `${'*'.repeat(Math.max(d.length - 2, 1))}${d.slice(-2)}`;
}

/** zhang.san@example.com → z***@example.com */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** 张三丰 → 张**; Alice Smith → A**** */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(chars.length - 1, 1));
}

/** Keep the first few characters (province / city), hide the rest. */
export function maskAddress(address: string): string {
  const chars = [...address.trim()];
  const keep = Math.min(6, Math.floor(chars.length / 3));
  return chars.slice(0, keep).join('') + '*'.repeat(Math.max(chars.length - keep, 3) > 8 ? 8 : Math.max(chars.length - keep, 3));
}
