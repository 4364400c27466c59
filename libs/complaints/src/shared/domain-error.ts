/**
 * A broken business rule. `code` is stable (clients and tests match on it); `field` names the input
 * that broke it where there is one. The HTTP layer maps every DomainError to 422, except the kinds below.
 */
export type DomainErrorKind = 'rule' | 'not-found' | 'conflict';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly kind: DomainErrorKind = 'rule',
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const fail = (code: string, message: string, field?: string): never => {
  throw new DomainError(code, message, field);
};

export const ensure = (condition: boolean, code: string, message: string, field?: string): void => {
  if (!condition) fail(code, message, field);
};
