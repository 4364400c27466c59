import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import { Ctx } from '../http/request-context.decorator';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { type CommandOutcome } from '../shared/event-sourced-streams';
import { type RequestContext } from '../shared/request-context';
import * as dto from './handle-complaint/complaint-actions.request.dto';
import { type ComplaintAction, HandleComplaintCommand } from './handle-complaint/handle-complaint.command';
import { MergeComplaintCommand } from './merge-complaint/merge-complaint.command';
import { GetComplaintQuery, GetComplaintTimelineQuery } from './read-complaint/read-complaint.queries';
import { RegisterComplaintCommand } from './register-complaint/register-complaint.command';
import { RegisterComplaintRequest } from './register-complaint/register-complaint.request.dto';

const without = <T extends { expectedVersion?: number }>({ expectedVersion: _v, ...rest }: T) => rest;

const answer = (res: Response, complaintId: string, outcome: CommandOutcome) => {
  res.setHeader('ETag', `"${outcome.version}"`);
  if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
  return { complaintId, version: outcome.version, events: outcome.eventTypes, replayed: outcome.replayed };
};

@ApiTags('complaints')
@ApiHeader({
  name: 'X-Actor-Id',
  required: true,
  description: 'Who issues the command (job number or system id)',
})
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'A repeat returns the first result, appends nothing',
})
@ApiHeader({ name: 'If-Match', required: false, description: 'Expected version, e.g. "3"; stale → 409' })
@Controller('complaints')
export class ComplaintsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register a complaint (受理); returns its id and acceptance number' })
  async register(
    @Body() body: RegisterComplaintRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const outcome = await this.commands.execute(new RegisterComplaintCommand(without(body), ctx));
    res.status(outcome.replayed ? 200 : 201).setHeader('ETag', `"${outcome.version}"`);
    res.setHeader('Location', `/complaints/${outcome.complaintId}`);
    if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return outcome;
  }

  @Get(':id')
  @ApiOperation({ summary: 'Current state, folded from the stream' })
  async get(@Param('id', new UuidParamPipe()) id: string, @Res({ passthrough: true }) res: Response) {
    const view = await this.queries.execute(new GetComplaintQuery(id));
    res.setHeader('ETag', `"${view.version}"`);
    return view;
  }

  @Get(':id/events')
  @ApiOperation({ summary: 'Timeline: every event of the complaint in order' })
  timeline(@Param('id', new UuidParamPipe()) id: string) {
    return this.queries.execute(new GetComplaintTimelineQuery(id));
  }

  private async act(id: string, action: ComplaintAction, ctx: RequestContext, res: Response) {
    return answer(res, id, await this.commands.execute(new HandleComplaintCommand(id, action, ctx)));
  }

  @Post(':id/classify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Classify: category, severity, responsibility, form' })
  classify(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: dto.ClassifyComplaintRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(id, { type: 'ClassifyComplaint', data: { complaintId: id, ...without(body) } }, ctx, res);
  }

  @Post(':id/flag-abnormal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Flag as abnormal complaint (非正常投诉): kept, counted apart' })
  flagAbnormal(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: dto.ReasonRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(
      id,
      { type: 'FlagComplaintAbnormal', data: { complaintId: id, reason: body.reason } },
      ctx,
      res,
    );
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge with an immediate reply, or a deferred reply and its deadline' })
  acknowledge(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: dto.AcknowledgeComplaintRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(
      id,
      { type: 'AcknowledgeComplaint', data: { complaintId: id, ...without(body) } },
      ctx,
      res,
    );
  }

  @Post(':id/interim-reply')
  @HttpCode(200)
  @ApiOperation({ summary: 'Tell the status before the deadline passes, with the next deadline' })
  interimReply(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: dto.InterimReplyRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(id, { type: 'SendInterimReply', data: { complaintId: id, ...without(body) } }, ctx, res);
  }

  @Post(':id/dispatch')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dispatch (派单) to a handler or supporting department with a due time' })
  dispatch(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: dto.DispatchComplaintRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(id, { type: 'DispatchComplaint', data: { complaintId: id, ...without(body) } }, ctx, res);
  }

  @Post(':id/return-dispatch')
  @HttpCode(200)
  @ApiOperation({ summary: 'Return of a dispatch (回单) with its result' })
  returnDispatch(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: dto.ReturnDispatchRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(id, { type: 'ReturnDispatch', data: { complaintId: id, ...without(body) } }, ctx, res);
  }

  @Post(':id/escalate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Escalate level by level; urgent cases may skip levels (after-notice owed)' })
  escalate(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: dto.EscalateComplaintRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { toLevel, reason, urgent } = body;
    return this.act(
      id,
      { type: 'EscalateComplaint', data: { complaintId: id, toLevel, reason, urgent: urgent ?? false } },
      ctx,
      res,
    );
  }

  @Post(':id/notify-superior')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the after-notice to a superior passed over by an urgent escalation' })
  notifySuperior(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: dto.NotifySuperiorRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(
      id,
      { type: 'NotifySuperiorOfEscalation', data: { complaintId: id, level: body.level } },
      ctx,
      res,
    );
  }

  @Post(':id/investigation-finding')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record an investigation finding (5W)' })
  finding(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: dto.InvestigationFindingRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(
      id,
      { type: 'RecordInvestigationFinding', data: { complaintId: id, ...without(body) } },
      ctx,
      res,
    );
  }

  @Post(':id/root-causes')
  @HttpCode(200)
  @ApiOperation({ summary: 'Attribute one or more root causes (replaces the earlier attribution)' })
  rootCauses(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: dto.AttributeCausesRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const causes = body.causes.map((c) => ({ ...c }));
    return this.act(id, { type: 'AttributeRootCauses', data: { complaintId: id, causes } }, ctx, res);
  }

  @Post(':id/propose-resolution')
  @HttpCode(200)
  @ApiOperation({ summary: 'Propose a resolution; above the approval threshold it awaits approval' })
  propose(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: dto.ProposeResolutionRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const options = body.options.map((o) => ({ ...o }));
    return this.act(
      id,
      { type: 'ProposeResolution', data: { complaintId: id, proposalId: body.proposalId, options } },
      ctx,
      res,
    );
  }

  @Post(':id/approve-resolution')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a resolution beyond the handler’s authority' })
  approve(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: dto.ProposalDecisionRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(id, { type: 'ApproveResolution', data: { complaintId: id, ...without(body) } }, ctx, res);
  }

  @Post(':id/reject-resolution')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a resolution awaiting approval' })
  rejectResolution(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: dto.ProposalRejectionRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(id, { type: 'RejectResolution', data: { complaintId: id, ...without(body) } }, ctx, res);
  }

  @Post(':id/customer-acceptance')
  @HttpCode(200)
  @ApiOperation({ summary: 'The customer accepts the offered resolution' })
  accept(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: dto.CustomerAcceptanceRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const data = {
      complaintId: id,
      proposalId: body.proposalId,
      agreementSigned: body.agreementSigned ?? false,
    };
    return this.act(id, { type: 'RecordCustomerAcceptance', data }, ctx, res);
  }

  @Post(':id/customer-rejection')
  @HttpCode(200)
  @ApiOperation({ summary: 'The customer rejects the offered resolution' })
  customerRejects(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: dto.ProposalRejectionRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(
      id,
      { type: 'RecordCustomerRejection', data: { complaintId: id, ...without(body) } },
      ctx,
      res,
    );
  }

  @Post(':id/implement-resolution')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that the accepted resolution was carried out' })
  implement(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: dto.ImplementResolutionRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(
      id,
      { type: 'ImplementResolution', data: { complaintId: id, ...without(body) } },
      ctx,
      res,
    );
  }

  @Post(':id/final-reply')
  @HttpCode(200)
  @ApiOperation({ summary: 'Final reply (答复) to the customer; on time against the deadline in force' })
  finalReply(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: dto.FinalReplyRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(id, { type: 'SendFinalReply', data: { complaintId: id, ...without(body) } }, ctx, res);
  }

  @Post(':id/follow-up')
  @HttpCode(200)
  @ApiOperation({ summary: 'Follow-up survey (回访): four questions and free text' })
  followUp(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: dto.FollowUpRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const data = {
      complaintId: id,
      method: body.method,
      level: body.level,
      answers: { ...body.answers },
      ...(body.comment === undefined ? {} : { comment: body.comment }),
    };
    return this.act(id, { type: 'RecordFollowUp', data }, ctx, res);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close (结案) after a final reply or a withdrawal' })
  close(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() _body: dto.EmptyRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(id, { type: 'CloseComplaint', data: { complaintId: id } }, ctx, res);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen: the customer came back on the same matter (repeat complaint)' })
  reopen(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: dto.ReasonRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(
      id,
      { type: 'ReopenComplaint', data: { complaintId: id, reason: body.reason } },
      ctx,
      res,
    );
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'The customer withdraws the complaint' })
  withdraw(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: dto.ReasonRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(
      id,
      { type: 'WithdrawComplaint', data: { complaintId: id, reason: body.reason } },
      ctx,
      res,
    );
  }

  @Post(':id/merge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Merge this duplicate into another complaint; it becomes read-only' })
  async merge(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: dto.MergeComplaintRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return answer(
      res,
      id,
      await this.commands.execute(new MergeComplaintCommand(id, body.intoComplaintId, body.reason, ctx)),
    );
  }

  @Post(':id/appeals')
  @HttpCode(200)
  @ApiOperation({ summary: 'The named staff member appeals (申诉) a cause attribution' })
  fileAppeal(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: dto.FileAppealRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(id, { type: 'FileCauseAppeal', data: { complaintId: id, ...without(body) } }, ctx, res);
  }

  @Post(':id/appeal-decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decide an appeal: upheld (the attribution is withdrawn) or rejected' })
  decideAppeal(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: dto.DecideAppealRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(id, { type: 'DecideCauseAppeal', data: { complaintId: id, ...without(body) } }, ctx, res);
  }
}
