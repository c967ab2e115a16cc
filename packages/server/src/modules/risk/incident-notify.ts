import { createHmac } from 'node:crypto';

/** Sends one webhook POST; injectable so tests and drills need no network. */
export type WebhookSender = (url: string, body: string, headers: Record<string, string>) => Promise<{ status: number }>;

export const fetchSender: WebhookSender = async (url, body, headers) => {
  const res = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(5000) });
  return { status: res.status };
};

/** `X-Zhanggui-Signature: sha256=<hex HMAC of the body under the webhook's secret>`. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
