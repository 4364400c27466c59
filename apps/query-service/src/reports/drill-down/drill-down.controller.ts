import { Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, type Principal } from '@app/platform';
import { CsvGet, JsonGet, ReportsController } from '../shared/report.decorators';
import { reportScope } from '../shared/report-scope';
import { complaintListCsv } from '../../complaints/complaint-list.csv';
import { DrillDownRequest } from './drill-down.request.dto';
import { type DrillDownReport, GetDrillDownQuery } from './get-drill-down.query';

const DESCRIPTION =
  'The complaint ids behind one figure of a report, in id order, one page at a time: the same rows the ' +
  'figure counts (with each complaint as every complaint table shows it: `complaints`), over the week of a weekly-pack figure (`week`) or the month, quarter, half-year or year ' +
  'of an executive-report figure (`period`): exactly one of the two. Figures that count events (replies, ' +
  'follow-ups, answers) or causes list the distinct complaints they belong to: `members` is the figure, ' +
  '`total` the number of complaints listed. Each id opens its timeline on the command side: ' +
  'GET /complaints/{id}/events. Errors: QUERY.UNKNOWN_METRIC, QUERY.KEY_REQUIRED, QUERY.KEY_NOT_ALLOWED, ' +
  'QUERY.INVALID_PAGE, QUERY.INVALID_PAGE_SIZE (1–200), QUERY.INVALID_WEEK, QUERY.INVALID_PERIOD, ' +
  'QUERY.PERIOD_REQUIRED (both or neither of week and period, named on week). A caller restricted to some ' +
  'org units is listed only the complaints they received; an orgUnit outside them → 403 AUTH.OUT_OF_SCOPE.';

@ReportsController('drill-down:read')
export class DrillDownController {
  constructor(private readonly queries: QueryBus) {}

  @JsonGet('drill-down', { summary: 'Complaint ids behind a figure, paginated', description: DESCRIPTION })
  drillDown(
    @Query() request: DrillDownRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DrillDownReport> {
    return this.run(request, principal);
  }

  @CsvGet('drill-down.csv', {
    summary:
      'The complaints behind a figure as CSV (one page): the columns of every complaint table, complaintId first',
    description: DESCRIPTION,
  })
  async drillDownCsv(
    @Query() request: DrillDownRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<string> {
    return complaintListCsv((await this.run(request, principal)).complaints);
  }

  private run(request: DrillDownRequest, principal: Principal): Promise<DrillDownReport> {
    return this.queries.execute(new GetDrillDownQuery(request, reportScope(principal, request.orgUnit)));
  }
}
