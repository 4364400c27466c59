import { Query } from '@nestjs/cqrs';
import { type OrgUnitScope } from '@app/analytics/kpi/shared';
import { type QualityMeetingRecord, type QualityMeetingSummary } from '@app/analytics/kpi/quality-meetings';

export type QualityMeetingList = { meetings: QualityMeetingSummary[] };

export class ListQualityMeetingsQuery extends Query<QualityMeetingList> {
  constructor(
    readonly scope: OrgUnitScope,
    readonly businessLine?: string,
    readonly fromWeek?: string,
    readonly toWeek?: string,
  ) {
    super();
  }
}

export class GetQualityMeetingQuery extends Query<QualityMeetingRecord> {
  constructor(
    readonly scope: OrgUnitScope,
    readonly meetingId: string,
  ) {
    super();
  }
}
