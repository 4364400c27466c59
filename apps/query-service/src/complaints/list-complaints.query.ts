import { Query } from '@nestjs/cqrs';
import {
  type ComplaintListFilters,
  type ComplaintListPage,
  type WorklistCounts,
} from '@app/analytics/complaint-list/complaint-list.sql';
import { type ComplaintSort } from '@app/analytics/complaint-list/complaint-cursor';
import { type WorklistName } from '@app/analytics/complaint-list/worklists';
import { type OrgUnitScope } from '@app/analytics/kpi/shared';

/** Dates as the request gave them (a day in the reporting zone or an instant): the handler places them. */
export type ListComplaintsParams = Omit<
  ComplaintListFilters,
  'registeredFrom' | 'registeredTo' | 'deadlineBefore'
> & {
  registeredFrom?: string;
  registeredTo?: string;
  deadlineBefore?: string;
};

export type Caller = { scope: OrgUnitScope; subject: string };

export class ListComplaintsQuery extends Query<ComplaintListPage> {
  constructor(
    readonly filters: ListComplaintsParams,
    readonly page: {
      worklist?: WorklistName;
      dueWithinHours?: number;
      sort?: ComplaintSort;
      cursor?: string;
      limit?: number;
    },
    readonly caller: Caller,
  ) {
    super();
  }
}

export class GetWorklistCountsQuery extends Query<WorklistCounts> {
  constructor(
    readonly caller: Caller,
    readonly dueWithinHours?: number,
  ) {
    super();
  }
}
