import { Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { TREND_DEFINITIONS } from '@app/analytics/kpi/trends';
import { CurrentPrincipal, type Principal } from '@app/platform';
import { CsvGet, JsonGet, ReportsController } from '../shared/report.decorators';
import { reportScope } from '../shared/report-scope';
import { GetTrendsQuery, type TrendsReport } from './get-trends.query';
import { topMoversCsv, trendsCsv } from './trends.csv';
import { TrendsRequest } from './trends.request.dto';

const FORMULAS = Object.values(TREND_DEFINITIONS)
  .map(
    ({ id, label, formula }) =>
      `- **${id}** — ${label.en} / ${label['zh-CN']}: ${formula.en}（${formula['zh-CN']}）`,
  )
  .join('\n');

const DESCRIPTION =
  'Root-cause trends over [from, to] in the reporting time zone: counts by cause code, cause family or ' +
  'receiving org unit per day, ISO week or month, weekly spikes, and the top movers against the previous ' +
  'period; optionally for one business line and one receiving org unit. A caller restricted to some org ' +
  'units sees only the complaints they received; an orgUnit outside them → 403 AUTH.OUT_OF_SCOPE. Bad ' +
  'parameters → 400 naming the ' +
  'field, the reason and a stable code (QUERY.UNKNOWN_DIMENSION, QUERY.UNKNOWN_GRANULARITY, ' +
  'QUERY.INVALID_DATE, QUERY.INVALID_RANGE, QUERY.RANGE_TOO_LONG, QUERY.INVALID_TOP, ' +
  `QUERY.INVALID_BUSINESS_LINE, QUERY.INVALID_ORG_UNIT, QUERY.UNKNOWN_PARAMETER…).\n\n${FORMULAS}`;

@ReportsController('analytics:read')
export class TrendsController {
  constructor(private readonly queries: QueryBus) {}

  @JsonGet('trends', { summary: 'Root-cause trends, with their definitions', description: DESCRIPTION })
  trends(@Query() request: TrendsRequest, @CurrentPrincipal() principal: Principal): Promise<TrendsReport> {
    return this.run(request, principal);
  }

  @CsvGet('trends.csv', {
    summary:
      'Root-cause trends as CSV: one row per series point, columns key,family,bucket,bucketStart,count,spike',
    description: DESCRIPTION,
  })
  async trendsCsv(
    @Query() request: TrendsRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<string> {
    return trendsCsv((await this.run(request, principal)).trends);
  }

  @CsvGet('trends/top-movers.csv', {
    summary: 'Top movers of the root-cause trends as CSV: columns key,current,previous,difference,relative',
    description: DESCRIPTION,
  })
  async topMoversCsv(
    @Query() request: TrendsRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<string> {
    return topMoversCsv((await this.run(request, principal)).trends);
  }

  private run(request: TrendsRequest, principal: Principal): Promise<TrendsReport> {
    return this.queries.execute(new GetTrendsQuery(request, reportScope(principal, request.orgUnit)));
  }
}
