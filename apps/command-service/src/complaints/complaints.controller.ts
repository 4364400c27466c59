import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Res,
  applyDecorators,
  UseFilters,
} from '@nestjs/common';
import { CommandErrorFilter } from '../http/error.filter';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Permission, RequirePermission } from '@app/platform';
import { type Response } from 'express';
import { Ctx } from '../http/request-context.decorator';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { type PersonalDataReader, Reader } from '../personal-data/personal-data-reader';
import { type CommandOutcome } from '../shared/event-sourced-streams';
import { type RequestContext } from '../shared/request-context';
import * as dto from './handle-complaint/complaint-actions.request.dto';
import { type ComplaintAction, HandleComplaintCommand } from './handle-complaint/handle-complaint.command';
import { MergeComplaintCommand } from './merge-complaint/merge-complaint.command';
import { GetComplaintQuery, GetComplaintTimelineQuery } from './read-complaint/read-complaint.queries';
import { RegisterComplaintCommand } from './register-complaint/register-complaint.command';
import { RegisterComplaintRequest } from './register-complaint/register-complaint.request.dto';

const HANDLE: Permission = 'complaint:handle';
/** Beyond a handler's authority: approvals, escalation, merges, appeal decisions. */
const SUPERVISE: Permission = 'complaint:supervise';

/** POST /complaints/{id}/<action>, answered 200 with the new version, for callers holding `permission`. */
const Action = (action: string, summary: string, permission: Permission) =>
  applyDecorators(
    Post(`:id/${action}`),
    HttpCode(200),
    ApiOperation({ summary }),
    RequirePermission(permission),
  );

const ComplaintId = () => Param('id', new UuidParamPipe());

const without = <T extends { expectedVersion?: number }>({ expectedVersion: _v, ...rest }: T) => rest;

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
    const outcome = await this.commands.execute(new RegisterComplaintCommand(without(body), ctx));
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

  private async act(id: string, action: ComplaintAction, ctx: RequestContext, res: Response) {
    return answer(res, id, await this.commands.execute(new HandleComplaintCommand(id, action, ctx)));
  }

  @Action('classify', 'Classify: category, severity, responsibility, form', HANDLE)
  classify(
    @ComplaintId() id: string,
    @Body() body: dto.ClassifyComplaintRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(id, { type: 'ClassifyComplaint', data: { complaintId: id, ...without(body) } }, ctx, res);
  }

  @Action('flag-abnormal', 'Flag as abnormal complaint (非正常投诉): kept, counted apart', HANDLE)
  flagAbnormal(
    @ComplaintId() id: string,
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

  @Action('acknowledge', 'Acknowledge with an immediate reply, or a deferred reply and its deadline', HANDLE)
  acknowledge(
    @ComplaintId() id: string,
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

  @Action('interim-reply', 'Tell the status before the deadline passes, with the next deadline', HANDLE)
  interimReply(
    @ComplaintId() id: string,
    @Body() body: dto.InterimReplyRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(id, { type: 'SendInterimReply', data: { complaintId: id, ...without(body) } }, ctx, res);
  }

  @Action('dispatch', 'Dispatch (派单) to a handler or supporting department with a due time', HANDLE)
  dispatch(
    @ComplaintId() id: string,
    @Body() body: dto.DispatchComplaintRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(id, { type: 'DispatchComplaint', data: { complaintId: id, ...without(body) } }, ctx, res);
  }

  @Action('return-dispatch', 'Return of a dispatch (回单) with its result', HANDLE)
  returnDispatch(
    @ComplaintId() id: string,
    @Body() body: dto.ReturnDispatchRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(id, { type: 'ReturnDispatch', data: { complaintId: id, ...without(body) } }, ctx, res);
  }

  @Action('escalate', 'Escalate level by level; urgent cases may skip levels (after-notice owed)', SUPERVISE)
  escalate(
    @ComplaintId() id: string,
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

  @Action(
    'notify-superior',
    'Record the after-notice to a superior passed over by an urgent escalation',
    SUPERVISE,
  )
  notifySuperior(
    @ComplaintId() id: string,
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

  @Action('investigation-finding', 'Record an investigation finding (5W)', HANDLE)
  finding(
    @ComplaintId() id: string,
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

  @Action('root-causes', 'Attribute one or more root causes (replaces the earlier attribution)', HANDLE)
  rootCauses(
    @ComplaintId() id: string,
    @Body() body: dto.AttributeCausesRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const causes = body.causes.map((c) => ({ ...c }));
    return this.act(id, { type: 'AttributeRootCauses', data: { complaintId: id, causes } }, ctx, res);
  }

  @Action(
    'propose-resolution',
    'Propose a resolution; above the approval threshold it awaits approval',
    HANDLE,
  )
  propose(
    @ComplaintId() id: string,
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

  @Action('approve-resolution', 'Approve a resolution beyond the handler’s authority', SUPERVISE)
  approve(
    @ComplaintId() id: string,
    @Body() body: dto.ProposalDecisionRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(id, { type: 'ApproveResolution', data: { complaintId: id, ...without(body) } }, ctx, res);
  }

  @Action('reject-resolution', 'Reject a resolution awaiting approval', SUPERVISE)
  rejectResolution(
    @ComplaintId() id: string,
    @Body() body: dto.ProposalRejectionRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(id, { type: 'RejectResolution', data: { complaintId: id, ...without(body) } }, ctx, res);
  }

  @Action('customer-acceptance', 'The customer accepts the offered resolution', HANDLE)
  accept(
    @ComplaintId() id: string,
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

  @Action('customer-rejection', 'The customer rejects the offered resolution', HANDLE)
  customerRejects(
    @ComplaintId() id: string,
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

  @Action('implement-resolution', 'Record that the accepted resolution was carried out', HANDLE)
  implement(
    @ComplaintId() id: string,
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

  @Action('final-reply', 'Final reply (答复) to the customer; on time against the deadline in force', HANDLE)
  finalReply(
    @ComplaintId() id: string,
    @Body() body: dto.FinalReplyRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(id, { type: 'SendFinalReply', data: { complaintId: id, ...without(body) } }, ctx, res);
  }

  @Action('follow-up', 'Follow-up survey (回访): four questions and free text', HANDLE)
  followUp(
    @ComplaintId() id: string,
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

  @Action('close', 'Close (结案) after a final reply or a withdrawal', HANDLE)
  close(
    @ComplaintId() id: string,
    @Body() _body: dto.EmptyRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(id, { type: 'CloseComplaint', data: { complaintId: id } }, ctx, res);
  }

  @Action('reopen', 'Reopen: the customer came back on the same matter (repeat complaint)', HANDLE)
  reopen(
    @ComplaintId() id: string,
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

  @Action('withdraw', 'The customer withdraws the complaint', HANDLE)
  withdraw(
    @ComplaintId() id: string,
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

  @Action('merge', 'Merge this duplicate into another complaint; it becomes read-only', SUPERVISE)
  async merge(
    @ComplaintId() id: string,
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

  @Action('appeals', 'The named staff member appeals (申诉) a cause attribution', HANDLE)
  fileAppeal(
    @ComplaintId() id: string,
    @Body() body: dto.FileAppealRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(id, { type: 'FileCauseAppeal', data: { complaintId: id, ...without(body) } }, ctx, res);
  }

  @Action(
    'consequences',
    'A supervisor decides the accountability consequence of a cause (问责), once; only an appeal changes it',
    SUPERVISE,
  )
  decideConsequence(
    @ComplaintId() id: string,
    @Body() body: dto.DecideConsequenceRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(
      id,
      { type: 'DecideCauseConsequence', data: { complaintId: id, ...without(body) } },
      ctx,
      res,
    );
  }

  @Action(
    'appeal-decision',
    'Decide an appeal: upheld (the attribution is withdrawn, its consequence lowered) or rejected',
    SUPERVISE,
  )
  decideAppeal(
    @ComplaintId() id: string,
    @Body() body: dto.DecideAppealRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act(id, { type: 'DecideCauseAppeal', data: { complaintId: id, ...without(body) } }, ctx, res);
  }
}
