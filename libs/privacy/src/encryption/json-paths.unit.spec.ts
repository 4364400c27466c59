import { mapPaths, valuesAt } from './json-paths';

describe('values at JSON paths', () => {
  const data = {
    id: 'c-1',
    customer: { reference: 'R1', contact: { phone: '123' } },
    options: [{ kind: 'apology' }, { kind: 'refund', note: 'n1' }],
    empty: null,
  };

  it('finds nested values and array elements with their concrete paths, skipping absent ones', () => {
    expect(
      valuesAt(data, [
        'customer.reference',
        'customer.contact.phone',
        'customer.contact.email',
        'options[].note',
        'empty',
        'missing.deep',
      ]),
    ).toStrictEqual([
      { path: 'customer.reference', value: 'R1' },
      { path: 'customer.contact.phone', value: '123' },
      { path: 'options[1].note', value: 'n1' },
    ]);
  });

  it('replaces in a copy, leaving the original and everything else as it was', () => {
    const mapped = mapPaths(
      data,
      ['customer.contact.phone', 'options[].note'],
      (value, path) => `${path}=${String(value)}`,
    );

    expect(mapped).toStrictEqual({
      ...data,
      customer: { reference: 'R1', contact: { phone: 'customer.contact.phone=123' } },
      options: [{ kind: 'apology' }, { kind: 'refund', note: 'options[1].note=n1' }],
    });
    expect(data.customer.contact.phone).toBe('123');
    expect(data.options[1]!.note).toBe('n1');
  });

  it('returns the same object when no path holds a value', () => {
    expect(mapPaths(data, ['nothing', 'customer.name'], () => 'x')).toBe(data);
  });

  it('leaves a path alone where the data has another shape', () => {
    const odd = { customer: 'just text', options: 'not a list' };
    expect(mapPaths(odd, ['customer.name', 'options[].note'], () => 'x')).toStrictEqual(odd);
  });
});
