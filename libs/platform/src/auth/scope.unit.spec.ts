import { ApiError } from '../api-error';
import { assertMeetsScope, assertWithinScope, inScope, meetsScope, withinScope } from './scope';

const unscoped = { orgUnits: 'all' as const };
const scoped = { orgUnits: ['branch-1', 'hub-2'] };
const nowhere = { orgUnits: [] };

describe('org-unit scope', () => {
  it('lets an unscoped principal reach every unit', () => {
    expect(inScope(unscoped, 'anything')).toBe(true);
    expect(meetsScope(unscoped, [])).toBe(true);
    expect(withinScope(unscoped, ['a', 'b'])).toBe(true);
  });

  it('limits a scoped principal to its units', () => {
    expect(inScope(scoped, 'branch-1')).toBe(true);
    expect(inScope(scoped, 'branch-2')).toBe(false);
    expect(meetsScope(scoped, ['branch-2', 'hub-2'])).toBe(true);
    expect(meetsScope(scoped, ['branch-2'])).toBe(false);
    expect(withinScope(scoped, ['branch-1', 'hub-2'])).toBe(true);
    expect(withinScope(scoped, ['branch-1', 'branch-2'])).toBe(false);
  });

  it('fails closed: no units reach nothing, and nothing named meets no scope', () => {
    expect(inScope(nowhere, 'branch-1')).toBe(false);
    expect(meetsScope(nowhere, ['branch-1'])).toBe(false);
    expect(meetsScope(scoped, [])).toBe(false);
  });

  it('answers 403 AUTH.OUT_OF_SCOPE naming the field and the units outside', () => {
    const status = (run: () => void) => {
      try {
        run();
      } catch (error) {
        return error instanceof ApiError ? { status: error.getStatus(), body: error.getResponse() } : error;
      }
      return undefined;
    };
    expect(status(() => assertMeetsScope(scoped, ['branch-1'], 'complaintId'))).toBeUndefined();
    expect(status(() => assertWithinScope(scoped, ['branch-1', 'x-9'], 'orgUnits'))).toMatchObject({
      status: 403,
      body: {
        code: 'AUTH.OUT_OF_SCOPE',
        errors: [{ field: 'orgUnits', code: 'AUTH.OUT_OF_SCOPE', reason: expect.stringContaining('"x-9"') }],
      },
    });
    expect(status(() => assertMeetsScope(scoped, ['x-9'], 'complaintId'))).toMatchObject({ status: 403 });
  });
});
