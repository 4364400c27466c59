import { Body, Controller, Get, HttpCode, Param, Post, Res, UseFilters } from '@nestjs/common';
import { installCommandRoutes, withoutVersion } from '../http/command-routes';
import { CommandErrorFilter } from '../http/error.filter';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@app/platform';
import { type Response } from 'express';
import { Ctx } from '../http/request-context.decorator';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { type PersonalDataReader, Reader } from '../personal-data/personal-data-reader';
import { type CommandOutcome } from '../command-loop/event-sourced-streams';
import { type RequestContext } from '../shared/request-context';
import { COMPLAINT_ACTION_ROUTES } from './handle-complaint/complaint-action.routes';
import { MergeComplaintRequest } from './handle-complaint/complaint-actions.request.dto';
import { type ComplaintAction, HandleComplaintCommand } from './handle-complaint/handle-complaint.command';
import { MergeComplaintCommand } from './merge-complaint/merge-complaint.command';
import { GetComplaintQuery, GetComplaintTimelineQuery } from './read-complaint/read-complaint.queries';
import { RegisterComplaintCommand } from './register-complaint/register-complaint.command';
import { RegisterComplaintRequest } from './register-complaint/register-complaint.request.dto';

const ComplaintId = () => Param('id', new UuidParamPipe());

const answer = (res: Response, complaintId: string, outcome: CommandOutcome) => {
  res.setHeader('ETag', `"${outcome.version}"`);
  if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
  return { complaintId, version: outcome.version, events: outcome.eventTypes, replayed: outcome.replayed };
};

@ApiTags('complaints')
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'A repeat returns the first result, appends nothing',
})
@ApiHeader({ name: 'If-Match', required: false, description: 'Expected version, e.g. "3"; stale → 409' })
@UseFilters(CommandErrorFilter)
@Controller('complaints')
export class ComplaintsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @RequirePermission('complaint:register')
  @ApiOperation({ summary: 'Register a complaint (受理); returns its id and acceptance number' })
  async register(
    @Body() body: RegisterComplaintRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const outcome = await this.commands.execute(new RegisterComplaintCommand(withoutVersion(body), ctx));
    res.status(outcome.replayed ? 200 : 201).setHeader('ETag', `"${outcome.version}"`);
    res.setHeader('Location', `/complaints/${outcome.complaintId}`);
    if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return outcome;
  }

  @Get(':id')
  @RequirePermission('complaint:read')
  @ApiOperation({ summary: 'Current state, folded from the stream' })
  async get(
    @ComplaintId() id: string,
    @Reader() reader: PersonalDataReader,
    @Res({ passthrough: true }) res: Response,
  ) {
    const view = await this.queries.execute(new GetComplaintQuery(id, reader));
    res.setHeader('ETag', `"${view.version}"`);
    return view;
  }

  @Get(':id/events')
  @RequirePermission('complaint:read')
  @ApiOperation({ summary: 'Timeline: every event of the complaint in order' })
  timeline(@ComplaintId() id: string, @Reader() reader: PersonalDataReader) {
    return this.queries.execute(new GetComplaintTimelineQuery(id, reader));
  }

  /** The route of every command of `COMPLAINT_ACTION_ROUTES`: the action sent, the answer shaped. */
  async run(id: string, action: ComplaintAction, ctx: RequestContext, res: Response) {
    return answer(res, id, await this.commands.execute(new HandleComplaintCommand(id, action, ctx)));
  }

  @Post(':id/merge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Merge this duplicate into another complaint; it becomes read-only' })
  @RequirePermission('complaint:supervise')
  async merge(
    @ComplaintId() id: string,
    @Body() body: MergeComplaintRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return answer(
      res,
      id,
      await this.commands.execute(new MergeComplaintCommand(id, body.intoComplaintId, body.reason, ctx)),
    );
  }
}

installCommandRoutes(ComplaintsController, COMPLAINT_ACTION_ROUTES);
