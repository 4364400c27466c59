import { Inject, NotFoundException } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type AnalyticsStore } from '@app/analytics';
import {
  listQualityMeetings,
  type QualityMeetingRecord,
  readQualityMeeting,
} from '@app/analytics/kpi/quality-meetings';
import { ANALYTICS_STORE } from '../../analytics/analytics-store.provider';
import { QUERY_SERVICE_CONFIG, type QueryServiceConfig } from '../../config/query-service.config';
import {
  GetQualityMeetingQuery,
  ListQualityMeetingsQuery,
  type QualityMeetingList,
} from './quality-meetings.queries';

@QueryHandler(ListQualityMeetingsQuery)
export class ListQualityMeetingsHandler implements IQueryHandler<
  ListQualityMeetingsQuery,
  QualityMeetingList
> {
  constructor(
    @Inject(ANALYTICS_STORE) private readonly store: AnalyticsStore,
    @Inject(QUERY_SERVICE_CONFIG) private readonly config: QueryServiceConfig,
  ) {}

  async execute({ scope, businessLine, fromWeek, toWeek }: ListQualityMeetingsQuery) {
    return {
      meetings: await listQualityMeetings(this.store, this.config.ANALYTICS_DATABASE, {
        scope,
        businessLine,
        fromWeek,
        toWeek,
      }),
    };
  }
}

@QueryHandler(GetQualityMeetingQuery)
export class GetQualityMeetingHandler implements IQueryHandler<GetQualityMeetingQuery, QualityMeetingRecord> {
  constructor(
    @Inject(ANALYTICS_STORE) private readonly store: AnalyticsStore,
    @Inject(QUERY_SERVICE_CONFIG) private readonly config: QueryServiceConfig,
  ) {}

  async execute({ scope, meetingId }: GetQualityMeetingQuery): Promise<QualityMeetingRecord> {
    const meeting = await readQualityMeeting(this.store, this.config.ANALYTICS_DATABASE, {
      scope,
      meetingId,
    });
    // Not held, and held for units the caller may not read, answer alike.
    if (!meeting)
      throw new NotFoundException({
        statusCode: 404,
        code: 'QUALITY_MEETING.NOT_FOUND',
        message: 'Quality meeting not found',
        errors: [],
      });
    return meeting;
  }
}
