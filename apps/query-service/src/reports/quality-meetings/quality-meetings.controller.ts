import { Controller, Get, Query, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type QualityMeetingRecord } from '@app/analytics/kpi/quality-meetings';
import { CurrentPrincipal, type Principal, RequirePermission } from '@app/platform';
import { QueryErrorFilter } from '../../http/error.filter';
import { reportScope } from '../shared/report-scope';
import {
  GetQualityMeetingQuery,
  ListQualityMeetingsQuery,
  type QualityMeetingList,
} from './quality-meetings.queries';
import { QualityMeetingListRequest, QualityMeetingParams } from './quality-meetings.request.dto';

const SCOPE =
  'A meeting is read by callers of one of its org units (or unscoped ones); another unit’s meeting and a ' +
  'missing one both answer 404 QUALITY_MEETING.NOT_FOUND. Findings and decisions carry ids, causes and ' +
  'the corrective action each decision proposed, with its status; their summaries stay on the command side.';

@ApiTags('reports')
@UseFilters(QueryErrorFilter)
@RequirePermission('analytics:read')
@Controller('reports/quality-meetings')
export class QualityMeetingsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'The quality meetings recorded, latest first', description: SCOPE })
  list(
    @Query() request: QualityMeetingListRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<QualityMeetingList> {
    const scope = reportScope(principal, request.orgUnit);
    return this.queries.execute(
      new ListQualityMeetingsQuery(
        request.orgUnit === undefined ? scope : [request.orgUnit],
        request.businessLine,
        request.from,
        request.to,
      ),
    );
  }

  @Get('meeting')
  @ApiOperation({
    summary:
      'One quality meeting: attendees, the archived pack reviewed, findings, decisions and their actions',
    description: SCOPE,
  })
  get(
    @Query() { id }: QualityMeetingParams,
    @CurrentPrincipal() principal: Principal,
  ): Promise<QualityMeetingRecord> {
    return this.queries.execute(new GetQualityMeetingQuery(principal.orgUnits, id));
  }
}
