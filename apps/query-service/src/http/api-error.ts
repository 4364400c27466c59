import { HttpException, type HttpStatus } from '@nestjs/common';

/** One problem with the request: which field, why, and a stable code to match on. */
export type FieldError = { field: string; reason: string; code: string };

/** The body of every error answer. */
export type ApiErrorBody = {
  statusCode: number;
  code: string;
  message: string;
  errors: FieldError[];
};

export class ApiError extends HttpException {
  constructor(status: HttpStatus, body: Omit<ApiErrorBody, 'statusCode'>) {
    super({ statusCode: status, ...body }, status);
  }
}
