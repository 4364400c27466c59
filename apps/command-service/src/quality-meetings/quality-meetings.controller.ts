import { Body, Controller, Param, Post, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@app/platform';
import { type Response } from 'express';
import { CommandErrorFilter } from '../http/error.filter';
import { Ctx } from '../http/request-context.decorator';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { type RequestContext } from '../shared/request-context';
import {
  HoldQualityMeetingCommand,
  type MeetingOutcome,
  RecordMeetingDecisionCommand,
  RecordMeetingFindingCommand,
} from './quality-meeting.commands';
import {
  HoldQualityMeetingRequest,
  RecordMeetingDecisionRequest,
  RecordMeetingFindingRequest,
} from './quality-meeting.request.dto';

/**
 * The weekly quality-analysis meeting as a record: held by a supervisor or an analyst for org units in
 * their scope; its findings and its decisions, each decision proposing a corrective action.
 */
@ApiTags('quality-meetings')
@ApiHeader({ name: 'Idempotency-Key', required: false })
@ApiHeader({ name: 'If-Match', required: false })
@UseFilters(CommandErrorFilter)
@RequirePermission('quality-meeting:hold')
@Controller('quality-meetings')
export class QualityMeetingsController {
  constructor(private readonly commands: CommandBus) {}

  private answer<O extends MeetingOutcome>(outcome: O, res: Response) {
    res.setHeader('ETag', `"${outcome.version}"`);
    if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
    const { streamId: _stream, eventTypes, ...rest } = outcome;
    return { ...rest, events: eventTypes };
  }

  @Post()
  @ApiOperation({
    summary: 'Record a quality-analysis meeting: week, line, units, attendees, the pack reviewed',
  })
  async hold(
    @Body() body: HoldQualityMeetingRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { expectedVersion: _v, reviewedArchiveId, ...data } = body;
    const outcome = await this.commands.execute(
      new HoldQualityMeetingCommand({ ...data, reviewedArchiveId: reviewedArchiveId ?? null }, ctx),
    );
    return this.answer(outcome, res);
  }

  @Post(':id/findings')
  @ApiOperation({ summary: 'Record a finding of the meeting (causes and what was found)' })
  async finding(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: RecordMeetingFindingRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { expectedVersion: _v, ...data } = body;
    return this.answer(await this.commands.execute(new RecordMeetingFindingCommand(id, data, ctx)), res);
  }

  @Post(':id/decisions')
  @ApiOperation({
    summary:
      'Record a decision of the meeting and propose the corrective action it decides (linked both ways)',
  })
  async decision(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: RecordMeetingDecisionRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { expectedVersion: _v, findingId, ...data } = body;
    return this.answer(
      await this.commands.execute(
        new RecordMeetingDecisionCommand(id, { ...data, findingId: findingId ?? null }, ctx),
      ),
      res,
    );
  }
}
