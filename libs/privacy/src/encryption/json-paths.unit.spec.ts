import fc from 'fast-check';
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

  it('wraps every value at the paths, path after path, and never changes the input, whatever the data', () => {
    /** The reference: one path at a time on a plain clone, written out directly. */
    const reference = (node: unknown, segments: string[]): unknown => {
      if (segments.length === 0) return node === undefined || node === null ? node : { was: node };
      if (typeof node !== 'object' || node === null || Array.isArray(node)) return node;
      const [head, ...rest] = segments as [string, ...string[]];
      const key = head.replace('[]', '');
      if (!(key in node)) return node;
      const child = (node as Record<string, unknown>)[key];
      const next = head.endsWith('[]')
        ? Array.isArray(child)
          ? child.map((element) => reference(element, rest))
          : child
        : reference(child, rest);
      return { ...node, [key]: next };
    };
    const leaf = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant(null));
    const tree = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    const path = fc
      .array(fc.constantFrom('a', 'b', 'c', 'a[]', 'b[]'), { minLength: 1, maxLength: 3 })
      .map((segments) => segments.join('.'));
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('a', 'b', 'c'), tree),
        fc.uniqueArray(path, { maxLength: 4 }),
        (data, paths) => {
          const before = JSON.stringify(data);
          const mapped = mapPaths(data, paths, (value) => ({ was: value }));
          expect(JSON.stringify(data)).toBe(before);
          const expected = paths.reduce<unknown>(
            (current, p) => reference(current, p.split('.')),
            JSON.parse(before),
          );
          expect(JSON.parse(JSON.stringify(mapped))).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves a path alone where the data has another shape', () => {
    const odd = { customer: 'just text', options: 'not a list' };
    expect(mapPaths(odd, ['customer.name', 'options[].note'], () => 'x')).toStrictEqual(odd);
  });
});
