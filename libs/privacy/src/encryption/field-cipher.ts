import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * One personal field, encrypted in place as a string envelope:
 *
 *     pii.1.<key id>.<iv>.<ciphertext and tag>
 *
 * `1` is the scheme: AES-256-GCM, a random 96-bit IV per field, a 128-bit tag, the value as JSON
 * (strings stay strings after decryption, anything else keeps its type), and as additional
 * authenticated data the stream id, the event id and the field's path, so that a ciphertext copied to
 * another field, event or stream does not decrypt. IV and ciphertext are base64url. A string keeps
 * being a string, so every reader of the raw event (the relay, the projector) sees the same shape.
 */
export const ENVELOPE_PREFIX = 'pii.';
const SCHEME = '1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/** What a field reads as once its key is erased. */
export const ERASED = '[erased]';

export type FieldContext = { streamId: string; eventId: string; path: string };

export type Envelope = { scheme: string; keyId: string; iv: Buffer; sealed: Buffer };

export class PersonalDataIntegrityError extends Error {
  readonly code = 'PRIVACY.CIPHERTEXT_REJECTED';
  constructor(context: FieldContext, reason: string) {
    super(
      `Personal data at ${context.streamId} / ${context.eventId} / ${context.path} does not decrypt: ${reason}`,
    );
    this.name = 'PersonalDataIntegrityError';
  }
}

/**
 * Fresh IVs, cut from a block of random bytes taken at once: one call to the system's random source per
 * 341 fields instead of one per field (a bulk import seals millions). Each IV is used once.
 */
const IV_BLOCK_BYTES = IV_BYTES * 341;
let ivBlock = Buffer.alloc(0);
let ivOffset = 0;
const freshIv = (): Buffer => {
  if (ivOffset + IV_BYTES > ivBlock.length) {
    ivBlock = randomBytes(IV_BLOCK_BYTES);
    ivOffset = 0;
  }
  const iv = ivBlock.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
};

const aadOf = ({ streamId, eventId, path }: FieldContext): Buffer =>
  Buffer.from(`${streamId}\n${eventId.toLowerCase()}\n${path}`, 'utf8');

export const encryptField = (
  key: { keyId: string; material: Buffer },
  value: unknown,
  context: FieldContext,
) => {
  const iv = freshIv();
  const cipher = createCipheriv(ALGORITHM, key.material, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aadOf(context));
  const sealed = Buffer.concat([
    cipher.update(JSON.stringify(value), 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return `${ENVELOPE_PREFIX}${SCHEME}.${key.keyId}.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
};

/** The envelope in a stored value, or undefined for a value that is not one (data stored in clear). */
export const parseEnvelope = (value: unknown): Envelope | undefined => {
  if (typeof value !== 'string' || !value.startsWith(ENVELOPE_PREFIX)) return undefined;
  const parts = value.slice(ENVELOPE_PREFIX.length).split('.');
  if (parts.length !== 4) return undefined;
  const [scheme, keyId, iv, sealed] = parts as [string, string, string, string];
  return { scheme, keyId, iv: Buffer.from(iv, 'base64url'), sealed: Buffer.from(sealed, 'base64url') };
};

export const decryptField = (material: Buffer, envelope: Envelope, context: FieldContext): unknown => {
  if (envelope.scheme !== SCHEME)
    throw new PersonalDataIntegrityError(context, `unknown scheme ${envelope.scheme}`);
  if (envelope.iv.length !== IV_BYTES || envelope.sealed.length < TAG_BYTES)
    throw new PersonalDataIntegrityError(context, 'malformed envelope');
  const decipher = createDecipheriv(ALGORITHM, material, envelope.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aadOf(context));
  decipher.setAuthTag(envelope.sealed.subarray(envelope.sealed.length - TAG_BYTES));
  try {
    const plain = Buffer.concat([
      decipher.update(envelope.sealed.subarray(0, envelope.sealed.length - TAG_BYTES)),
      decipher.final(),
    ]);
    return JSON.parse(plain.toString('utf8')) as unknown;
  } catch {
    throw new PersonalDataIntegrityError(context, 'authentication failed');
  }
};
