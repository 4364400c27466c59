import { type ArgumentsHost } from '@nestjs/common';
import { type Response } from 'express';
import { ErrorFilter } from '@app/platform';

/**
 * Watches the status of every answer the services' error filter gives (each service's filter extends
 * ErrorFilter), also to a client that has gone and reads no answer.
 */
export const watchErrorAnswers = () => {
  const spy = jest.spyOn(ErrorFilter.prototype, 'catch');
  return {
    count: (): number => spy.mock.calls.length,
    statuses: (from = 0): number[] =>
      spy.mock.calls
        .slice(from)
        .map(([, host]) => (host as ArgumentsHost).switchToHttp().getResponse<Response>().statusCode),
    restore: (): void => spy.mockRestore(),
  };
};
