import { Body, Controller, Get, Param, Post, Res, UseFilters } from '@nestjs/common';
import { installCommandRoutes } from '../http/command-routes';
import { CommandErrorFilter } from '../http/error.filter';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequirePermission } from '@app/platform';
import { type Response } from 'express';
import { GetCorrectiveActionQuery } from '../complaints/read-complaint/read-complaint.queries';
import { Ctx } from '../http/request-context.decorator';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { type RequestContext } from '../shared/request-context';
import { type CorrectiveActionStep, HandleCorrectiveActionCommand } from './corrective-action.commands';
import { CORRECTIVE_ACTION_ROUTES } from './corrective-action.routes';
import { ProposeCorrectiveActionRequest } from './corrective-action.request.dto';

@ApiTags('corrective-actions')
@ApiHeader({ name: 'Idempotency-Key', required: false })
@ApiHeader({ name: 'If-Match', required: false })
@UseFilters(CommandErrorFilter)
@Controller('corrective-actions')
export class CorrectiveActionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /** Propose, and the route of every step of `CORRECTIVE_ACTION_ROUTES`. */
  async run(actionId: string | undefined, step: CorrectiveActionStep, ctx: RequestContext, res: Response) {
    const outcome = await this.commands.execute(new HandleCorrectiveActionCommand(actionId, step, ctx));
    res.setHeader('ETag', `"${outcome.version}"`);
    if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return {
      actionId: outcome.actionId,
      version: outcome.version,
      events: outcome.eventTypes,
      replayed: outcome.replayed,
    };
  }

  @Post()
  @RequirePermission('corrective-action:write')
  @ApiOperation({ summary: 'Propose a corrective measure decided at a quality-analysis meeting' })
  propose(
    @Body() body: ProposeCorrectiveActionRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { expectedVersion: _v, ...data } = body;
    return this.run(undefined, { type: 'ProposeCorrectiveAction', data: { ...data } }, ctx, res);
  }

  @Get(':id')
  @RequirePermission('corrective-action:read')
  get(@Param('id', new UuidParamPipe()) id: string, @CurrentPrincipal() principal: Principal) {
    return this.queries.execute(new GetCorrectiveActionQuery(id, principal.orgUnits));
  }
}

installCommandRoutes(CorrectiveActionsController, CORRECTIVE_ACTION_ROUTES);
