import { createHmac } from 'node:crypto';
import { hmacCustomerKey } from './customer-key';

describe('hmacCustomerKey', () => {
  const key = hmacCustomerKey('a-secret-of-some-length');

  it('is HMAC-SHA256 of the reference, hex encoded, the same for the same customer', () => {
    expect(key('CUST-7')).toBe(
      createHmac('sha256', 'a-secret-of-some-length').update('CUST-7').digest('hex'),
    );
    expect(key('CUST-7')).toBe(key('CUST-7'));
    expect(key('CUST-8')).not.toBe(key('CUST-7'));
  });

  it('differs under another secret', () => {
    expect(hmacCustomerKey('another-secret-entirely')('CUST-7')).not.toBe(key('CUST-7'));
  });

  it('refuses a short secret', () => {
    expect(() => hmacCustomerKey('short')).toThrow(/at least 16 characters/);
  });
});
