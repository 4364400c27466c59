import { createHmac } from 'node:crypto';

/**
 * The customer's pseudonym in ClickHouse: HMAC-SHA256 of their reference under a secret that never
 * leaves the projector's configuration. The same customer gets the same key (repeat complaints can be
 * counted); without the secret the key cannot be turned back into a reference, nor matched against a
 * guessed one.
 */
export const hmacCustomerKey = (secret: string): ((reference: string) => string) => {
  if (secret.length < 16) throw new Error('The customer-key secret must be at least 16 characters long');
  return (reference) => createHmac('sha256', secret).update(reference, 'utf8').digest('hex');
};
