import { type ComplaintEvent, type CorrectiveActionEvent } from '@app/complaints';
import { assertWithinScope, meetsScope } from '@app/platform';
import { type OrgUnitScope } from './request-context';

/** The units a complaint belongs to: the one that received it and every department it was dispatched to. */
export const complaintOrgUnits = (events: readonly ComplaintEvent[]): string[] => {
  const units = new Set<string>();
  for (const event of events) {
    if (event.type === 'ComplaintRegistered') units.add(event.data.receivedBy.orgUnit);
    if (event.type === 'ComplaintDispatched' && event.data.assigneeKind === 'department')
      units.add(event.data.assignee);
  }
  return [...units];
};

/** The units a corrective action names. */
export const correctiveActionOrgUnits = (events: readonly CorrectiveActionEvent[]): string[] => {
  const proposed = events.find((e) => e.type === 'CorrectiveActionProposed');
  return proposed?.type === 'CorrectiveActionProposed' ? [...proposed.data.orgUnits] : [];
};

/** True when one of the stream's units is in the scope; a stream that does not exist has none. */
export const streamInScope = (scope: OrgUnitScope, units: readonly string[]): boolean =>
  meetsScope({ orgUnits: scope }, units);

/**
 * Unless one of the stream's units is in the scope, the very answer a missing stream gets (`notFound`:
 * the domain's own 404), so "not yours" and "not there" cannot be told apart and no unit is named.
 */
export const assertStreamInScope = (
  scope: OrgUnitScope,
  units: readonly string[],
  notFound: () => Error,
): void => {
  if (!streamInScope(scope, units)) throw notFound();
};

/** 403 AUTH.OUT_OF_SCOPE unless every unit named is in the scope (what a scoped caller may create). */
export const assertUnitsInScope = (scope: OrgUnitScope, units: readonly string[], field: string): void =>
  assertWithinScope({ orgUnits: scope }, units, field);
