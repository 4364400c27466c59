import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Alerts to configured webhooks: the JSON body is signed with HMAC-SHA256 under the webhook's secret
 * (`X-Signature-256: sha256=<hex>`, with `X-Webhook-Id` and a delivery id), sent with retries and
 * exponential backoff on a network error, a timeout or a 5xx/429, and after the last attempt put on a
 * dead-letter list with the reason (status or error class), never the body's secret.
 */
export type Webhook = { id: string; url: string; secret: string };

export type DeliveryOptions = {
  attempts: number;
  baseDelayMs: number;
  timeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
};

export const DEFAULT_DELIVERY: DeliveryOptions = { attempts: 5, baseDelayMs: 500, timeoutMs: 5_000 };

export type DeadLetter = {
  webhookId: string;
  deliveryId: string;
  body: string;
  attempts: number;
  reason: string;
  at: string;
};

export type DeliveryResult =
  { delivered: true; attempts: number; status: number } | { delivered: false; deadLetter: DeadLetter };

export const SIGNATURE_HEADER = 'x-signature-256';

export const signatureOf = (secret: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

/** A receiver's check: the signature the header carries is the body's under the shared secret. */
export const verifySignature = (secret: string, body: string, header: string | undefined): boolean => {
  if (!header) return false;
  const expected = Buffer.from(signatureOf(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
};

const retryable = (status: number) => status >= 500 || status === 429 || status === 408;

export const deliver = async (
  webhook: Webhook,
  deliveryId: string,
  body: string,
  options: DeliveryOptions = DEFAULT_DELIVERY,
): Promise<DeliveryResult> => {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let reason = 'not attempted';
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signatureOf(webhook.secret, body),
          'x-webhook-id': webhook.id,
          'x-delivery-id': deliveryId,
        },
        body,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { delivered: true, attempts: attempt, status: response.status };
      reason = `HTTP ${response.status}`;
      if (!retryable(response.status)) break;
    } catch (error) {
      reason = error instanceof Error ? error.name : 'error';
    }
    if (attempt < options.attempts) await sleep(options.baseDelayMs * 2 ** (attempt - 1));
  }
  return {
    delivered: false,
    deadLetter: {
      webhookId: webhook.id,
      deliveryId,
      body,
      attempts: options.attempts,
      reason,
      at: new Date().toISOString(),
    },
  };
};
