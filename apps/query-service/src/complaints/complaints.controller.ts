import { Controller, Query, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import {
  type ComplaintListPage,
  type WorklistCounts,
} from '@app/analytics/complaint-list/complaint-list.sql';
import { WORKLISTS, WORKLIST_NAMES } from '@app/analytics/complaint-list/worklists';
import { CurrentPrincipal, type Principal, RequirePermission } from '@app/platform';
import { QueryErrorFilter } from '../http/error.filter';
import { CsvGet, JsonGet } from '../reports/shared/report.decorators';
import { reportScope } from '../reports/shared/report-scope';
import { complaintListCsv } from './complaint-list.csv';
import { ListComplaintsRequest, WorklistCountsRequest } from './list-complaints.request.dto';
import { type Caller, GetWorklistCountsQuery, ListComplaintsQuery } from './list-complaints.query';

/** How stale a list may be: what the README states and the projector's measured freshness supports. */
export const FRESHNESS =
  'Served from the read side (the `complaints` current-state table the projector keeps), not from the ' +
  'event store: a complaint appended a moment ago is listed once the projector has applied its event. ' +
  'Bound, while the projector keeps up (its lag is in its /metrics): 1 s embedded (`npm start`, the ' +
  'projector follows the store: append → row p99 97 ms measured on an idle machine; up to 1.7 s seen on ' +
  'a machine at load average 19) and 3 s distributed (relay → Kafka → projector: p99 88 ms with a 50 ms ' +
  'relay poll)';

const WORKLIST_TEXT = WORKLIST_NAMES.map(
  (name) => `- **${name}** — ${WORKLISTS[name].en} / ${WORKLISTS[name].zh}`,
).join('\n');

const LIST_DESCRIPTION =
  'Search and list complaints from their current state: no customer details, no free text. Filters ' +
  'combine by AND; a worklist is a named filter (listed below). A scoped caller sees only the complaints ' +
  'its org units received or were dispatched: another unit’s complaint is neither listed nor counted; an ' +
  'orgUnit filter outside the scope → 403 AUTH.OUT_OF_SCOPE. Pages follow an opaque cursor (keyset, ' +
  'stable while complaints are added). Bad parameters → 400 naming the field, the reason and a code: ' +
  'QUERY.INVALID_STATUS, QUERY.INVALID_DATE, QUERY.INVALID_RANGE, QUERY.INVALID_SORT, QUERY.INVALID_CURSOR, ' +
  `QUERY.INVALID_LIMIT (1–200), QUERY.UNKNOWN_WORKLIST, QUERY.INVALID_FLAG, QUERY.UNKNOWN_PARAMETER…\n\n` +
  `Freshness: ${FRESHNESS}\n\nWorklists:\n${WORKLIST_TEXT}`;

const callerOf = (principal: Principal, orgUnit: string | undefined): Caller => ({
  scope: reportScope(principal, orgUnit),
  subject: principal.subject,
});

@ApiTags('complaints')
@UseFilters(QueryErrorFilter)
@RequirePermission('complaint:read')
@Controller()
export class ComplaintListController {
  constructor(private readonly queries: QueryBus) {}

  @JsonGet('complaints', {
    summary: 'Search and list complaints (current state), a page at a time',
    description: LIST_DESCRIPTION,
  })
  list(
    @Query() request: ListComplaintsRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ComplaintListPage> {
    return this.run(request, principal);
  }

  @CsvGet('complaints.csv', {
    summary: 'The same page as CSV: the same rows, the columns of every complaint table',
    description: LIST_DESCRIPTION,
  })
  async listCsv(
    @Query() request: ListComplaintsRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<string> {
    return complaintListCsv((await this.run(request, principal)).items);
  }

  @JsonGet('worklists', {
    summary: 'Each worklist’s count, for a badge: the total of GET /complaints?worklist=…',
    description: `Counts within the caller's scope, at the time of the request.\n\nFreshness: ${FRESHNESS}\n\n${WORKLIST_TEXT}`,
  })
  worklists(
    @Query() request: WorklistCountsRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WorklistCounts> {
    return this.queries.execute(
      new GetWorklistCountsQuery(callerOf(principal, undefined), request.dueWithinHours),
    );
  }

  private run(request: ListComplaintsRequest, principal: Principal): Promise<ComplaintListPage> {
    const { worklist, dueWithinHours, sort, cursor, limit, complaintId, ...rest } = request;
    const filters = complaintId === undefined ? rest : { ...rest, ids: [complaintId] };
    return this.queries.execute(
      new ListComplaintsQuery(
        filters,
        { worklist, dueWithinHours, sort, cursor, limit },
        callerOf(principal, filters.orgUnit),
      ),
    );
  }
}
