import { randomBytes, randomUUID } from 'node:crypto';
import {
  ENVELOPE_PREFIX,
  type FieldContext,
  PersonalDataIntegrityError,
  decryptField,
  encryptField,
  parseEnvelope,
} from './field-cipher';

const key = { keyId: randomUUID(), material: randomBytes(32) };
const context: FieldContext = { streamId: 'complaint-c1', eventId: randomUUID(), path: 'customer.name' };

const roundTrip = (value: unknown, at = context) => {
  const sealed = encryptField(key, value, context);
  return decryptField(key.material, parseEnvelope(sealed)!, at);
};

describe('one personal field, encrypted', () => {
  it('reads back exactly, whatever the JSON type', () => {
    for (const value of ['王芳 Wang Fang', '', 42, { a: [1, 'b'] }, true])
      expect(roundTrip(value)).toStrictEqual(value);
  });

  it('is a string envelope naming the scheme and the key, with a fresh 96-bit IV each time', () => {
    const first = encryptField(key, 'same text', context);
    const second = encryptField(key, 'same text', context);

    expect(first.startsWith(`${ENVELOPE_PREFIX}1.${key.keyId}.`)).toBe(true);
    expect(first).not.toBe(second);
    expect(first).not.toContain('same text');
    const envelope = parseEnvelope(first)!;
    expect(envelope).toMatchObject({ scheme: '1', keyId: key.keyId });
    expect(envelope.iv).toHaveLength(12);
    expect(envelope.iv.equals(parseEnvelope(second)!.iv)).toBe(false);
  });

  it('does not decrypt under another stream, event or path (they are authenticated with it)', () => {
    expect(() => roundTrip('x', { ...context, streamId: 'complaint-c2' })).toThrow(
      PersonalDataIntegrityError,
    );
    expect(() => roundTrip('x', { ...context, eventId: randomUUID() })).toThrow(PersonalDataIntegrityError);
    expect(() => roundTrip('x', { ...context, path: 'description' })).toThrow(PersonalDataIntegrityError);
  });

  it('takes the event id in any letter case, as the store returns it', () => {
    expect(roundTrip('x', { ...context, eventId: context.eventId.toUpperCase() })).toBe('x');
  });

  it('refuses a changed ciphertext, another key, or an unknown scheme', () => {
    const envelope = parseEnvelope(encryptField(key, 'text', context))!;
    const flipped = Buffer.from(envelope.sealed);
    flipped[0] = flipped[0]! ^ 1;
    expect(() => decryptField(key.material, { ...envelope, sealed: flipped }, context)).toThrow(
      /authentication failed/,
    );
    expect(() => decryptField(randomBytes(32), envelope, context)).toThrow(/authentication failed/);
    expect(() => decryptField(key.material, { ...envelope, scheme: '9' }, context)).toThrow(
      /unknown scheme 9/,
    );
  });

  it('takes only envelopes for envelopes: clear text stays clear text', () => {
    expect(parseEnvelope('Wang Fang')).toBeUndefined();
    expect(parseEnvelope('pii.is a word')).toBeUndefined();
    expect(parseEnvelope(42)).toBeUndefined();
  });
});
