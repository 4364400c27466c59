import { HttpException, type HttpStatus } from '@nestjs/common';

/** One problem with the request: which field, why, and a stable code to match on. */
export type FieldError = { field: string; reason: string; code: string };

/** The body of every error answer of every service. */
export type ApiErrorBody = {
  statusCode: number;
  code: string;
  message: string;
  errors: FieldError[];
  [extra: string]: unknown;
};

export class ApiError extends HttpException {
  constructor(status: HttpStatus, body: Omit<ApiErrorBody, 'statusCode'>) {
    super({ statusCode: status, ...body }, status);
  }
}

export const badRequest = (field: string, reason: string, code: string): ApiError =>
  new ApiError(400, {
    code: 'VALIDATION.FAILED',
    message: `${field}: ${reason}`,
    errors: [{ field, reason, code }],
  });
