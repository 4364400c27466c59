import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../api-error';

export const AuthErrors = {
  UNAUTHENTICATED: 'AUTH.UNAUTHENTICATED',
  FORBIDDEN: 'AUTH.FORBIDDEN',
  OUT_OF_SCOPE: 'AUTH.OUT_OF_SCOPE',
  SOURCE_NOT_BOUND: 'AUTH.SOURCE_NOT_BOUND',
} as const;

/** Why a credential was refused, for the message; never which secret or key was tried. */
export class CredentialRejected extends Error {
  constructor(
    readonly field: 'Authorization' | 'X-Api-Key',
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** 401: no credential, or one that is malformed, expired, badly signed or unknown. */
export const unauthenticated = (field: string, reason: string): ApiError =>
  new ApiError(HttpStatus.UNAUTHORIZED, {
    code: AuthErrors.UNAUTHENTICATED,
    message: `${field}: ${reason}`,
    errors: [{ field, reason, code: AuthErrors.UNAUTHENTICATED }],
  });

/** 403: the principal's roles do not hold the permission. */
export const forbidden = (needed: readonly string[]): ApiError => {
  const reason = `requires the permission ${needed.join(' or ')}, which none of the caller's roles holds`;
  return new ApiError(HttpStatus.FORBIDDEN, {
    code: AuthErrors.FORBIDDEN,
    message: reason,
    errors: [{ field: '', reason, code: AuthErrors.FORBIDDEN }],
  });
};

/** 403: the credential may not speak for this upstream system. */
export const sourceNotBound = (field: string, system: string): ApiError => {
  const reason = `the caller’s credential is not bound to the upstream system "${system}"`;
  return new ApiError(HttpStatus.FORBIDDEN, {
    code: AuthErrors.SOURCE_NOT_BOUND,
    message: `${field}: ${reason}`,
    errors: [{ field, reason, code: AuthErrors.SOURCE_NOT_BOUND }],
  });
};

/** 403: the route covers every org unit, and the principal is limited to some. */
export const allUnitsOnly = (): ApiError => {
  const reason = 'answers for every org unit; the caller is limited to some';
  return new ApiError(HttpStatus.FORBIDDEN, {
    code: AuthErrors.OUT_OF_SCOPE,
    message: reason,
    errors: [{ field: '', reason, code: AuthErrors.OUT_OF_SCOPE }],
  });
};

/** 403: the org unit lies outside the principal's units. */
export const outOfScope = (field: string, orgUnits: readonly string[]): ApiError => {
  const reason =
    orgUnits.length === 0
      ? 'names no org unit within the caller’s units'
      : `org unit ${orgUnits.map((u) => `"${u}"`).join(', ')} is outside the caller’s units`;
  return new ApiError(HttpStatus.FORBIDDEN, {
    code: AuthErrors.OUT_OF_SCOPE,
    message: `${field}: ${reason}`,
    errors: [{ field, reason, code: AuthErrors.OUT_OF_SCOPE }],
  });
};
