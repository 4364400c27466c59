import { Body, HttpCode, Param, Post, Res, type Type } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { type Permission, RequirePermission } from '@app/platform';
import { type Response } from 'express';
import { type RequestContext } from '../shared/request-context';
import { Ctx } from './request-context.decorator';
import { UuidParamPipe } from './uuid-param.pipe';

/**
 * One command on an existing resource, as a table entry: `POST <controller>/:id/<path>`, answered 200,
 * for callers holding `permission`; `body` is the request's class (validated by the global pipe and
 * documented in OpenAPI, as a hand-written route's parameter would be); `step` turns the resource id and
 * the body into what the controller's `run` sends.
 */
export type CommandRoute<Step> = {
  path: string;
  summary: string;
  permission: Permission;
  body: Type<object>;
  step: (id: string, body: never) => Step;
};

/**
 * The entry maker of a table whose steps are `Step`: each entry's body type is inferred from its class
 * and its `step` checked against `Step`.
 */
export const commandRouteOf =
  <Step>() =>
  <B extends object>(route: {
    path: string;
    summary: string;
    permission: Permission;
    body: Type<B>;
    step: (id: string, body: B) => Step;
  }): CommandRoute<Step> =>
    route;

/** A versioned request's fields without `expectedVersion` (which travels as the request's If-Match). */
export const withoutVersion = <T extends { expectedVersion?: number }>({ expectedVersion: _v, ...rest }: T) =>
  rest;

/** What a controller driven by a table does with a step: send it and shape the answer. */
export interface RunsCommandSteps<Step> {
  run(id: string, step: Step, ctx: RequestContext, res: Response): Promise<unknown>;
}

/** `flag-abnormal` → `flagAbnormal`: the route's method name (and OpenAPI operation id). */
const methodName = (path: string): string =>
  path.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/**
 * Gives a controller one route per table entry. Each is an ordinary Nest route method on the class
 * (its own path, permission, operation and body schema), so guards, pipes, filters and the OpenAPI
 * document treat it exactly like a decorated method: this writes the decorators a hand-written route
 * would carry, once, instead of once per command.
 */
export function installCommandRoutes<Step>(
  controller: Type<RunsCommandSteps<Step>>,
  routes: readonly CommandRoute<Step>[],
): void {
  const prototype = controller.prototype as Record<string, unknown>;
  for (const route of routes) {
    const name = methodName(route.path);
    if (name in prototype) throw new Error(`${controller.name} already has a method ${name}`);
    const handler = function (
      this: RunsCommandSteps<Step>,
      id: string,
      body: object,
      ctx: RequestContext,
      res: Response,
    ) {
      return this.run(id, route.step(id, body as never), ctx, res);
    };
    // Nest and the OpenAPI explorer find a route's metadata under its function's name.
    Object.defineProperty(handler, 'name', { value: name });
    Object.defineProperty(prototype, name, { value: handler, writable: true, configurable: true });
    // What TypeScript's decorator metadata would record for (id: string, body: Body, ctx, res).
    Reflect.defineMetadata('design:paramtypes', [String, route.body, Object, Object], prototype, name);
    Param('id', new UuidParamPipe())(prototype, name, 0);
    Body()(prototype, name, 1);
    Ctx()(prototype, name, 2);
    Res({ passthrough: true })(prototype, name, 3);
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name)!;
    for (const decorate of [
      Post(`:id/${route.path}`),
      HttpCode(200),
      ApiOperation({ summary: route.summary }),
      RequirePermission(route.permission),
    ])
      decorate(prototype, name, descriptor);
  }
}
