import { Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { type QualityMeetingRecord } from '@app/analytics/kpi/quality-meetings';
import { CurrentPrincipal, type Principal } from '@app/platform';
import { JsonGet, ReportsController } from '../shared/report.decorators';
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

@ReportsController('analytics:read', 'reports/quality-meetings')
export class QualityMeetingsController {
  constructor(private readonly queries: QueryBus) {}

  @JsonGet('', { summary: 'The quality meetings recorded, latest first', description: SCOPE })
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

  @JsonGet('meeting', {
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
