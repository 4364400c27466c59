import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DateTime } from 'luxon';
import { type AnalyticsStore } from '@app/analytics';
import {
  type ComplaintListPage,
  type WorklistCounts,
  listComplaints,
  worklistCounts,
} from '@app/analytics/complaint-list/complaint-list.sql';
import { InvalidQueryError } from '@app/analytics/kpi/shared';
import { ANALYTICS_STORE } from '../analytics/analytics-store.provider';
import { QUERY_SERVICE_CONFIG, type QueryServiceConfig } from '../config/query-service.config';
import { GetWorklistCountsQuery, ListComplaintsQuery } from './list-complaints.query';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A day is placed in the reporting time zone: its start, or with `nextDay` the start of the day after
 * (an inclusive "to" day). An instant carries its own zone.
 */
export const placeDate = (value: string, field: string, zone: string, nextDay = false): Date => {
  const day = DAY.test(value);
  const parsed = day ? DateTime.fromISO(value, { zone }) : DateTime.fromISO(value, { setZone: true });
  if (!parsed.isValid || parsed.year < 1970 || parsed.year > 2199)
    throw new InvalidQueryError('QUERY.INVALID_DATE', field, `${field} is not a date that exists`);
  return (day && nextDay ? parsed.plus({ days: 1 }) : parsed).toJSDate();
};

@QueryHandler(ListComplaintsQuery)
export class ListComplaintsHandler implements IQueryHandler<ListComplaintsQuery, ComplaintListPage> {
  constructor(
    @Inject(ANALYTICS_STORE) private readonly store: AnalyticsStore,
    @Inject(QUERY_SERVICE_CONFIG) private readonly config: QueryServiceConfig,
  ) {}

  execute({ filters, page, caller }: ListComplaintsQuery): Promise<ComplaintListPage> {
    const zone = this.config.REPORTING_TIME_ZONE;
    const { registeredFrom, registeredTo, deadlineBefore, ...rest } = filters;
    return listComplaints(this.store, this.config.ANALYTICS_DATABASE, {
      filters: {
        ...rest,
        registeredFrom:
          registeredFrom === undefined ? undefined : placeDate(registeredFrom, 'registeredFrom', zone),
        registeredTo:
          registeredTo === undefined ? undefined : placeDate(registeredTo, 'registeredTo', zone, true),
        deadlineBefore:
          deadlineBefore === undefined ? undefined : placeDate(deadlineBefore, 'deadlineBefore', zone),
      },
      ...page,
      ...caller,
      now: new Date(),
    });
  }
}

@QueryHandler(GetWorklistCountsQuery)
export class GetWorklistCountsHandler implements IQueryHandler<GetWorklistCountsQuery, WorklistCounts> {
  constructor(
    @Inject(ANALYTICS_STORE) private readonly store: AnalyticsStore,
    @Inject(QUERY_SERVICE_CONFIG) private readonly config: QueryServiceConfig,
  ) {}

  execute({ caller, dueWithinHours }: GetWorklistCountsQuery): Promise<WorklistCounts> {
    return worklistCounts(this.store, this.config.ANALYTICS_DATABASE, {
      ...caller,
      dueWithinHours,
      now: new Date(),
    });
  }
}
