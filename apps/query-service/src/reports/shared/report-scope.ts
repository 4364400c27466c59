import { type OrgUnitScope } from '@app/analytics/kpi/shared';
import { assertWithinScope, type Principal } from '@app/platform';

/**
 * The receiving org units a caller's report may read: the principal's own (`'all'` when unscoped), so a
 * scoped caller's figures count only its units' complaints. An explicit `orgUnit` filter outside them is
 * refused with 403 AUTH.OUT_OF_SCOPE rather than answered with zeros, so the caller learns why.
 */
export const reportScope = (principal: Principal, orgUnit: string | undefined): OrgUnitScope => {
  if (orgUnit !== undefined) assertWithinScope(principal, [orgUnit], 'orgUnit');
  return principal.orgUnits;
};
