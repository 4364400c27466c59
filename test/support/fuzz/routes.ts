import { type INestApplication } from '@nestjs/common';
import { ROLES, type Permission, grantOf } from '@app/platform';
import { bearer } from '@app/platform/auth/test-support';

export type Route = { method: string; path: string };
export const routeKey = ({ method, path }: Route): string => `${method.toUpperCase()} ${path}`;

type RouterLayer = { route?: { path: string; methods: Record<string, boolean> } };

/** Every route the running application answers, read from its router (the OpenAPI pages left out). */
export const routesOf = (app: INestApplication): Route[] => {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: RouterLayer[] } };
  return express.router.stack.flatMap((layer) =>
    // `/{*path}` is the request logger, a middleware Nest mounts on every path, not a route.
    layer.route && !layer.route.path.startsWith('/docs') && layer.route.path !== '/{*path}'
      ? Object.keys(layer.route.methods)
          .filter((method) => method !== '_all')
          .map((method) => ({ method: method.toUpperCase(), path: layer.route!.path }))
      : [],
  );
};

export type OpenApiOperation = {
  'x-permissions'?: Permission[];
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
};

/** The operations of the OpenAPI document, keyed like routes (`POST /complaints/:id/classify`). */
export const openApiOperations = (document: {
  paths: Record<string, Record<string, OpenApiOperation>>;
}): Map<string, OpenApiOperation> =>
  new Map(
    Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => [
        `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        operation,
      ]),
    ),
  );

/** A token of the first role (in the roles table's order) that holds one of `permissions`: allowed there. */
export const credentialFor = (permissions: readonly Permission[]): Record<string, string> => {
  const role = ROLES.find((r) => grantOf([r], permissions) !== undefined);
  if (!role) throw new Error(`No role holds any of ${permissions.join(', ')}`);
  return bearer({ roles: [role] });
};

/** Codes as the services write them: upper-case words joined by dots (`VALIDATION.MAX_LENGTH`). */
export const STABLE_CODE = /^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)+$/;

/** Why an answer is not a refusal naming the field, the reason and a stable code; undefined when it is. */
export const problemWith = (
  status: number,
  body: unknown,
  statuses: readonly number[] = [400, 413, 431],
): string | undefined => {
  if (!statuses.includes(status)) return `status ${status}, expected one of ${statuses.join(', ')}`;
  const answer = body as { statusCode?: unknown; code?: unknown; errors?: unknown };
  if (answer?.statusCode !== status) return `body.statusCode ${String(answer?.statusCode)} ≠ ${status}`;
  if (typeof answer.code !== 'string' || !STABLE_CODE.test(answer.code))
    return `no stable code: ${String(answer.code)}`;
  if (!Array.isArray(answer.errors) || answer.errors.length === 0) return 'no errors listed';
  for (const error of answer.errors as { field?: unknown; reason?: unknown; code?: unknown }[]) {
    if (typeof error.field !== 'string' || error.field.length === 0)
      return `an error names no field: ${JSON.stringify(error)}`;
    if (typeof error.reason !== 'string' || error.reason.length === 0)
      return `an error gives no reason: ${JSON.stringify(error)}`;
    if (typeof error.code !== 'string' || !STABLE_CODE.test(error.code))
      return `an error has no stable code: ${JSON.stringify(error)}`;
  }
  return undefined;
};

/** The names `Object.prototype` has now: compared before and after a run to prove nothing polluted it. */
export const prototypeNames = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort();

/** Properties every plain object would inherit if a body had polluted the prototype. */
export const inheritedByPlainObjects = (): string[] => {
  const names: string[] = [];
  for (const name in {}) names.push(name);
  return names;
};
