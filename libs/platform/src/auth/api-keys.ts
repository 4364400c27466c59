import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type ApiKeyEntry } from './auth.config';

/** What is configured for a key: the hex SHA-256 of the key as sent. */
export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/** A new key: 256 random bits, URL-safe, with a prefix that makes a leaked key easy to recognise. */
export const generateApiKey = (): string => `cak_${randomBytes(32).toString('base64url')}`;

/** Keys sent are at most this long; anything longer is refused before hashing. */
export const MAX_API_KEY_LENGTH = 256;

/**
 * The entry whose hash matches the key. Every entry is compared, in constant time, whatever matched
 * earlier: how long the lookup takes says nothing about which hash was close.
 */
export const findApiKey = (entries: readonly ApiKeyEntry[], key: string): ApiKeyEntry | undefined => {
  const presented = Buffer.from(hashApiKey(key), 'hex');
  let found: ApiKeyEntry | undefined;
  for (const entry of entries) {
    const configured = Buffer.from(entry.sha256, 'hex');
    if (timingSafeEqual(presented, configured) && found === undefined) found = entry;
  }
  return found;
};
