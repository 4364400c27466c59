import { acceptanceNumberFor, hashOf, uuidFrom } from './ids';

/*
 * Stored ids, request hashes and acceptance numbers derive from these functions: events already in a
 * store, and the numbers told to customers, must come out the same from every later version of the code.
 * The expected values were computed once with `createHash('sha256').update(…).digest()`.
 */
describe('deterministic ids', () => {
  it('derives the same name-based UUID (version 8) from a namespace and a name', () => {
    const id = uuidFrom('event', 'key-1\u00000');
    expect(id).toBe('09418d00-c39d-8acb-a85d-ddd354ffddb6');
    expect(id[14]).toBe('8');
  });

  it('hashes a value as SHA-256 of its JSON, base64url', () => {
    expect(hashOf({ a: 1, b: '投诉' })).toBe('3uEtU2s3yHjdLEerTfWgPnaYtg8uuWC6HGSsPnIzaFw');
  });

  it('gives the acceptance number from the receiving day in the zone and the id hash', () => {
    expect(
      acceptanceNumberFor(
        '0b9f7e0e-0000-4000-8000-000000000001',
        '2026-11-22T17:30:00.000Z',
        'Asia/Shanghai',
      ),
    ).toBe('20261123-0DRN6D4K');
  });
});
