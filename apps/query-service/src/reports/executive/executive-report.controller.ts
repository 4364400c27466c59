import { Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, type Principal } from '@app/platform';
import { CsvGet, JsonGet, ReportsController } from '../shared/report.decorators';
import { reportScope } from '../shared/report-scope';
import { EXECUTIVE_DEFINITIONS } from './executive-definitions';
import { executiveReportCsv } from './executive-report.csv';
import { ExecutiveReportRequest } from './executive-report.request.dto';
import { type ExecutiveReportResponse, GetExecutiveReportQuery } from './get-executive-report.query';

const FORMULAS = EXECUTIVE_DEFINITIONS.map(
  ({ id, label, formula }) =>
    `- **${id}** — ${label.en} / ${label['zh-CN']}: ${formula.en}（${formula['zh-CN']}）`,
).join('\n');

const DESCRIPTION =
  'The executive trend report of one month, quarter, half-year or year in the reporting time zone, ' +
  'optionally for one business line and one receiving org unit: the headline KPIs against the period ' +
  'before and the same period a year earlier, the volume by sub-period, the top causes and the corrective ' +
  'actions at the end of the period. A caller restricted to some org units sees only the complaints they ' +
  'received and the corrective actions naming one of them; an orgUnit outside them → 403 ' +
  'AUTH.OUT_OF_SCOPE. Bad parameters → 400 naming the field, the reason and a stable code ' +
  '(QUERY.REQUIRED, QUERY.INVALID_PERIOD, QUERY.INVALID_BUSINESS_LINE, QUERY.INVALID_ORG_UNIT, ' +
  `QUERY.UNKNOWN_PARAMETER).\n\n${FORMULAS}`;

@ReportsController('report:executive')
export class ExecutiveReportController {
  constructor(private readonly queries: QueryBus) {}

  @JsonGet('executive', {
    summary: 'Executive trend report (period-over-period, year-over-year), with its definitions',
    description: DESCRIPTION,
  })
  executive(
    @Query() request: ExecutiveReportRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ExecutiveReportResponse> {
    return this.run(request, principal);
  }

  @CsvGet('executive.csv', {
    summary: 'Executive trend report as CSV: one row per figure, columns kpi,measure,dimension,value',
    description: DESCRIPTION,
  })
  async executiveCsv(
    @Query() request: ExecutiveReportRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<string> {
    return executiveReportCsv((await this.run(request, principal)).report);
  }

  private run(request: ExecutiveReportRequest, principal: Principal): Promise<ExecutiveReportResponse> {
    return this.queries.execute(
      new GetExecutiveReportQuery(request, reportScope(principal, request.orgUnit)),
    );
  }
}
