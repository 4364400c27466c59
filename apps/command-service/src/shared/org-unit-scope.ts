import { type ComplaintEvent, type CorrectiveActionEvent } from '@app/complaints';
import { assertMeetsScope, assertWithinScope } from '@app/platform';
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

/**
 * 403 AUTH.OUT_OF_SCOPE unless one of the stream's units is in the scope. A stream that does not exist
 * has no unit, so a scoped caller learns nothing about which ids exist.
 */
export const assertStreamInScope = (scope: OrgUnitScope, units: readonly string[], field: string): void =>
  assertMeetsScope({ orgUnits: scope }, units, field);

/** 403 AUTH.OUT_OF_SCOPE unless every unit named is in the scope (what a scoped caller may create). */
export const assertUnitsInScope = (scope: OrgUnitScope, units: readonly string[], field: string): void =>
  assertWithinScope({ orgUnits: scope }, units, field);
