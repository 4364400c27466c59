import { type Request } from 'express';

/** A request header's value (the first one when it is repeated), by its name in any case. */
export const requestHeader = (request: Request, name: string): string | undefined => {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};
