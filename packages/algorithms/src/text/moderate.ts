// Keyword and pattern moderation that sees through obfuscation: full-width forms, case, spaces,
// punctuation, zero-width characters and digit-for-letter swaps are folded before matching.
import { DEFAULT_MODERATION_LIST, type ContentKind, type ModerationAction, type ModerationList, type ModerationSeverity } from './moderation-list.js';

export interface ModerationHit {
  ruleId: string;
  category: string;
  severity: ModerationSeverity;
  action: ModerationAction;
  /** The listed term or pattern that matched. */
  term: string;
  /** The text as written, from the first to the last character of the match. */
  excerpt: string;
}

export interface ModerationResult {
  action: ModerationAction;
  severity: ModerationSeverity | null;
  hits: ModerationHit[];
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', '$': 's', '!': 'i' };
const KEEP = /[\p{L}\p{N}%@$!]/u;
const WORD = /[\p{L}\p{N}]/u;

interface Folded {
  /** Folded characters, letters and digits only. */
  plain: string;
  /** The same with digit-for-letter swaps, for keyword matching. */
  swapped: string;
  /** Index in the original string of each folded character. */
  at: number[];
}

/** Fold a text for matching: NFKC (full-width → half-width), lower case, drop everything but letters, digits and a few leet symbols. */
export function foldForModeration(text: string): Folded {
  let plain = '';
  let swapped = '';
  const at: number[] = [];
  const chars = Array.from(text);
  let offset = 0;
  for (const ch of chars) {
    for (const c of ch.normalize('NFKC').toLowerCase()) {
      if (!KEEP.test(c)) continue;
      plain += c;
      swapped += LEET[c] ?? c;
      at.push(offset);
    }
    offset += ch.length;
  }
  return { plain, swapped, at };
}

/** NFKC, lower case, zero-width characters removed; spaces and punctuation kept (for patterns). */
function looseText(text: string): { text: string; at: number[] } {
  let out = '';
  const at: number[] = [];
  let offset = 0;
  for (const ch of Array.from(text)) {
    for (const c of ch.normalize('NFKC').toLowerCase()) {
      if (/[\u200b-\u200f\u2060\ufeff]/u.test(c)) continue;
      out += c;
      at.push(offset);
    }
    offset += ch.length;
  }
  return { text: out, at };
}

const isAsciiWord = (s: string) => /^[a-z0-9%]+$/.test(s);

function rank(s: ModerationSeverity): number {
  return s === 'high' ? 3 : s === 'medium' ? 2 : 1;
}

function maskExceptions(f: Folded, exceptions: string[]): Folded {
  let { plain, swapped } = f;
  for (const e of exceptions) {
    const fe = foldForModeration(e).plain;
    for (const key of ['plain', 'swapped'] as const) {
      const s = key === 'plain' ? plain : swapped;
      const masked = s.split(fe).join('\u0000'.repeat(fe.length));
      if (key === 'plain') plain = masked; else swapped = masked;
    }
  }
  return { plain, swapped, at: f.at };
}

export function moderateText(text: string, options: { kind?: ContentKind; list?: ModerationList } = {}): ModerationResult {
  const list = options.list ?? DEFAULT_MODERATION_LIST;
  const folded = maskExceptions(foldForModeration(text), list.exceptions);
  const loose = looseText(text);
  const hits: ModerationHit[] = [];
  const excerpt = (start: number, end: number) => text.slice(folded.at[start], (folded.at[end - 1] ?? folded.at[start]!) + 1);
  // An ASCII term must start and end on word boundaries of the original text ("s c a m" yes, "scampi" no).
  const onWordBounds = (start: number, end: number) => {
    const a = folded.at[start]!;
    const b = folded.at[end - 1]!;
    return !WORD.test(text[a - 1] ?? '') && !WORD.test(text[b + 1] ?? '');
  };
  for (const rule of list.rules) {
    if (options.kind && rule.appliesTo && !rule.appliesTo.includes(options.kind)) continue;
    const add = (term: string, start: number, end: number) =>
      hits.push({ ruleId: rule.id, category: rule.category, severity: rule.severity, action: rule.action, term, excerpt: excerpt(start, end) });
    for (const term of rule.terms ?? []) {
      const t = foldForModeration(term);
      const ascii = isAsciiWord(t.plain);
      for (const hay of ascii ? [folded.swapped] : [folded.plain, folded.swapped]) {
        let i = hay.indexOf(ascii ? t.swapped : t.plain);
        let found = false;
        while (i >= 0 && !found) {
          const end = i + t.plain.length;
          if (!ascii || onWordBounds(i, end)) { add(term, i, end); found = true; }
          i = hay.indexOf(ascii ? t.swapped : t.plain, i + 1);
        }
        if (found) break;
      }
    }
    for (const source of rule.patterns ?? []) {
      const m = new RegExp(source, 'u').exec(loose.text);
      if (m) hits.push({ ruleId: rule.id, category: rule.category, severity: rule.severity, action: rule.action, term: source,
        excerpt: text.slice(loose.at[m.index], (loose.at[m.index + m[0].length - 1] ?? 0) + 1) });
    }
  }
  if (hits.length === 0) return { action: 'allow', severity: null, hits };
  const worst = hits.reduce((w, h) => (rank(h.severity) > rank(w.severity) ? h : w));
  const action: ModerationAction = hits.some((h) => h.action === 'block') ? 'block' : hits.some((h) => h.action === 'review') ? 'review' : 'allow';
  return { action, severity: worst.severity, hits };
}
