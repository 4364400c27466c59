import { outOfScope, sourceNotBound } from './auth-errors';
import { type Principal } from './principal';

type Scoped = Pick<Principal, 'orgUnits'>;

/** True when the principal may act on this org unit. */
export const inScope = (principal: Scoped, orgUnit: string): boolean =>
  principal.orgUnits === 'all' || principal.orgUnits.includes(orgUnit);

/** True when at least one of the units (a complaint's receiving and dispatched-to units) is in scope. */
export const meetsScope = (principal: Scoped, orgUnits: readonly string[]): boolean =>
  principal.orgUnits === 'all' || orgUnits.some((u) => inScope(principal, u));

/** True when every one of the units is in scope (what a scoped principal may create). */
export const withinScope = (principal: Scoped, orgUnits: readonly string[]): boolean =>
  orgUnits.every((u) => inScope(principal, u));

/** What may name a complaint by an upstream pair: 'any' for trusted paths (the inbound topic, the import). */
export type SourceBinding = Principal['sources'] | 'any';

/** True when the caller may speak for the upstream system. */
export const boundToSource = (sources: SourceBinding, system: string): boolean =>
  sources === 'any' || sources.includes(system);

/** 403 AUTH.SOURCE_NOT_BOUND unless the caller may speak for the upstream system. */
export const assertSourceBound = (sources: SourceBinding, system: string, field: string): void => {
  if (!boundToSource(sources, system)) throw sourceNotBound(field, system);
};

/** 403 AUTH.OUT_OF_SCOPE unless one of `orgUnits` is in the principal's units. */
export const assertMeetsScope = (principal: Scoped, orgUnits: readonly string[], field: string): void => {
  if (!meetsScope(principal, orgUnits)) throw outOfScope(field, orgUnits);
};

/** 403 AUTH.OUT_OF_SCOPE unless every one of `orgUnits` is in the principal's units. */
export const assertWithinScope = (principal: Scoped, orgUnits: readonly string[], field: string): void => {
  if (!withinScope(principal, orgUnits))
    throw outOfScope(
      field,
      orgUnits.filter((u) => !inScope(principal, u)),
    );
};
