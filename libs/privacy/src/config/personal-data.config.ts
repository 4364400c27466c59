import { join } from 'node:path';
import { z } from 'zod';
import { hmacCustomerKey } from '../pseudonyms/customer-key';
import { localSecret } from '@app/platform/local-secret';

/** The environment variables of personal-data protection; every process that writes events spreads them in. */
export const personalDataConfigShape = {
  /** The HMAC key of customer pseudonyms: the same one as the projector's, for as long as the tables live. */
  CUSTOMER_KEY_SECRET: z.string().min(16, 'must be at least 16 characters long').optional(),
  NODE_ENV: z.string().optional(),
  /** Days after a complaint's closing after which its personal data is erased. */
  PII_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(365),
  /** How often the retention sweep runs in a long-running process; 0 turns it off there. */
  PII_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(3_600_000),
  /** Keys erased per statement by the sweep. */
  PII_SWEEP_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /**
   * A PostgreSQL database for the key table apart from the events (other credentials, other backups);
   * unset, the keys live beside the events.
   */
  KEY_STORE_DATABASE_URL: z.string().min(1).optional(),
  /** The key table's schema in that database; DATABASE_SCHEMA when unset. */
  KEY_STORE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .optional(),
};

export type PersonalDataConfig = {
  CUSTOMER_KEY_SECRET?: string;
  NODE_ENV?: string;
  DATA_DIR: string;
  PII_RETENTION_DAYS: number;
  PII_SWEEP_INTERVAL_MS: number;
  PII_SWEEP_BATCH_SIZE: number;
  KEY_STORE_DATABASE_URL?: string;
  KEY_STORE_SCHEMA?: string;
};

const LOCAL_SECRET_FILE = 'customer-key.secret';

/** Where a local secret is kept when CUSTOMER_KEY_SECRET is not set outside production. */
export const localSecretFile = (dataDir: string): string => join(dataDir, LOCAL_SECRET_FILE);

/** The data directory's own pseudonym secret: pseudonyms stay stable across restarts and rebuilds. */
export const localCustomerKeySecret = (dataDir: string): string => localSecret(dataDir, LOCAL_SECRET_FILE);

/** The configured pseudonym secret, or the data directory's own outside production. */
export const resolveCustomerKeySecret = (config: {
  CUSTOMER_KEY_SECRET?: string;
  NODE_ENV?: string;
  DATA_DIR: string;
}): string => {
  if (config.CUSTOMER_KEY_SECRET) return config.CUSTOMER_KEY_SECRET;
  if (config.NODE_ENV === 'production')
    throw new Error('CUSTOMER_KEY_SECRET is required in production (at least 16 characters)');
  return localCustomerKeySecret(config.DATA_DIR);
};

/** The customer pseudonym of the configuration: HMAC-SHA256 of the reference, as in the analytics. */
export const hmacCustomerPseudonym = (config: {
  CUSTOMER_KEY_SECRET?: string;
  NODE_ENV?: string;
  DATA_DIR: string;
}): ((reference: string) => string) => hmacCustomerKey(resolveCustomerKeySecret(config));
