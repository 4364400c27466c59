import { type QueryParams } from '../../analytics-store.port';
import { InvalidQueryError } from './iso-week';

/**
 * The receiving org units a report may read: `'all'` (unscoped), or a list. A scoped report is computed
 * as if the analytics tables held only the complaints those units received and the corrective actions
 * naming one of them: a figure of a scoped complaint never draws on another unit's complaint (a repeat
 * customer needs an earlier complaint in scope too; a corrective action's effect counts causes of
 * complaints in scope). It fails closed: an empty list reads nothing, never everything.
 *
 * The scope is bound like every other value, as `{scoped:Bool}` and `{orgUnits:Array(String)}`; the
 * explicit flag, not an empty list, is what makes a report unscoped. It combines with the single
 * `orgUnit` filter by AND.
 */
export type OrgUnitScope = 'all' | readonly string[];

export const UNSCOPED: OrgUnitScope = 'all';

/** The bound parameters of a scope; refuses anything but `'all'` or a list of strings. */
export const scopeParams = (scope: OrgUnitScope = UNSCOPED): QueryParams => {
  if (scope === UNSCOPED) return { scoped: false, orgUnits: [] };
  if (!Array.isArray(scope) || scope.some((unit) => typeof unit !== 'string'))
    throw new InvalidQueryError('QUERY.INVALID_SCOPE', 'scope', "scope must be 'all' or a list of org units");
  return { scoped: true, orgUnits: [...new Set(scope)].sort() };
};

/** The scope as reports name it among their filters: the sorted units, or null when unscoped. */
export const scopeFilter = (scope: OrgUnitScope = UNSCOPED): string[] | null =>
  scope === UNSCOPED ? null : (scopeParams(scope).orgUnits as string[]);

/** A row whose receiving unit (`column`) is in scope. */
export const inScope = (column = 'org_unit') =>
  `(NOT {scoped:Bool} OR ${column} IN {orgUnits:Array(String)})`;

/** A corrective action naming at least one unit in scope. */
export const actionInScope = (column = 'org_units') =>
  `(NOT {scoped:Bool} OR hasAny(${column}, {orgUnits:Array(String)}))`;
