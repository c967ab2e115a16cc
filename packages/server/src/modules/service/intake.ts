// Turning an e-mail or a chat transcript into a new ticket's fields.
import { AppError } from '../../errors.js';

export interface ParsedMessage { from: string | null; subject: string; body: string; externalId: string | null }

/** A plain-text e-mail (RFC 5322 headers, blank line, body); Message-ID becomes the external id so a re-import does not duplicate. */
export function parseEmail(raw: string): ParsedMessage {
  const text = raw.replace(/\r\n/g, '\n');
  const split = text.indexOf('\n\n');
  if (split < 0) throw new AppError('validation_failed', 'email: expected headers, a blank line and a body', { field: 'body.raw' });
  const headers = new Map<string, string>();
  let last = '';
  for (const line of text.slice(0, split).split('\n')) {
    if (/^\s/.test(line) && last) { headers.set(last, `${headers.get(last)} ${line.trim()}`); continue; }
    const m = /^([!-9;-~]+):\s*(.*)$/.exec(line);
    if (m) { last = m[1]!.toLowerCase(); headers.set(last, m[2]!); }
  }
  const from = headers.get('from') ?? null;
  const address = from ? (/<([^>]+)>/.exec(from)?.[1] ?? from).trim() : null;
  return { from: address, subject: headers.get('subject')?.trim() || '(no subject)', body: text.slice(split + 2).trim(), externalId: headers.get('message-id')?.trim() ?? null };
}

/**
 * A chat transcript, one message a line: `[2026-11-24 10:02] 顾客: 我的快递还没到` (or `HH:MM`, or no
 * time). The first customer line becomes the subject; the whole transcript is the body.
 */
export function parseChatTranscript(raw: string, customerLabels: string[] = ['顾客', '客户', '买家', 'customer', 'buyer']): ParsedMessage {
  const lines = raw.replace(/\r\n/g, '\n').split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) throw new AppError('validation_failed', 'chat transcript: empty', { field: 'body.raw' });
  const first = lines.map((l) => /^(?:\[[^\]]*\]\s*)?([^:：]{1,30})[:：]\s*(.+)$/.exec(l))
    .find((m) => m && customerLabels.some((c) => m[1]!.trim().toLowerCase() === c.toLowerCase()));
  const subject = (first?.[2] ?? lines[0]!).slice(0, 60);
  return { from: null, subject, body: lines.join('\n'), externalId: null };
}
