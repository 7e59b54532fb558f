import { createHmac, timingSafeEqual } from 'node:crypto';
import { isWebhookUrl } from './rules.ts';

/**
 * A webhook call: the event as JSON, POSTed to the rule's http(s) address, with
 *
 * - `X-Meetlat-Signature: sha256=<hex>`: the HMAC-SHA256 of the raw body with the rule's secret;
 * - `X-Meetlat-Timestamp`: when it was sent (Unix seconds);
 * - `X-Meetlat-Event` and `Idempotency-Key`: the event id, the same on every attempt.
 *
 * Any 2xx answer is success; anything else (another status, no answer within the timeout, a
 * redirect, which is not followed) is a failure to try again.
 */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Whether `header` is the signature of `body`, compared in constant time (for receivers and tests). */
export function verifySignature(secret: string, body: string, header: string | undefined): boolean {
  const expected = Buffer.from(signature(secret, body));
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function callWebhook(
  url: string,
  body: string,
  options: { secret: string; eventId: string; now: Date; timeoutMs: number },
): Promise<void> {
  if (!isWebhookUrl(url)) throw new Error('the webhook address is not an http(s) address');
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Meetlat-Alerts/1',
        'x-meetlat-event': options.eventId,
        'idempotency-key': options.eventId,
        'x-meetlat-timestamp': String(Math.floor(options.now.getTime() / 1000)),
        'x-meetlat-signature': signature(options.secret, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const e = error as Error;
    if (e.name === 'TimeoutError') throw new Error(`no answer within ${options.timeoutMs / 1000} s`);
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`could not reach the webhook: ${cause?.code ?? cause?.message ?? e.message}`);
  }
  // The answer's body is not needed; read it away so the connection is freed.
  await response.arrayBuffer().catch(() => undefined);
  if (response.status < 200 || response.status > 299) {
    throw new Error(`the webhook answered HTTP ${response.status}`);
  }
}
