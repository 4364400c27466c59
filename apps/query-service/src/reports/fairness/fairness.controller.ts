import { Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { type FairnessDrillDown } from '@app/analytics/kpi/fairness';
import { CurrentPrincipal, type Principal, RequirePermission } from '@app/platform';
import { CsvGet, JsonGet, ReportsController } from '../shared/report.decorators';
import { reportScope } from '../shared/report-scope';
import { fairnessCsv } from './fairness.csv';
import { FairnessDrillDownRequest, FairnessRequest } from './fairness.request.dto';
import { type FairnessResponse, GetFairnessDrillDownQuery, GetFairnessQuery } from './get-fairness.query';

const DESCRIPTION =
  'Fair accountability (同类纠纷处罚尺度是否一致): for each cause code and severity, the consequences decided in ' +
  'the period (as first decided, before any appeal) by responsible org unit and by deciding supervisor, with ' +
  'appeal rate (appealed / decided) and upheld rate (upheld / appealed). Each unit and each decider is tested ' +
  'against the rest of its stratum with a Pearson chi-square test of independence on the 2 × k table of ' +
  'ladder levels, only where Cochran’s rule holds (every expected count ≥ 1, at most 20 % below 5); a cell is ' +
  'flagged when p < α / m, α = 0.05 and m the cells tested in its dimension (Bonferroni). A caller restricted to some org ' +
  'units sees only the complaints they received; an orgUnit outside them → 403 AUTH.OUT_OF_SCOPE. Bad parameters → 400 naming the field, the reason and a ' +
  'stable code (QUERY.REQUIRED, QUERY.INVALID_PERIOD, QUERY.INVALID_BUSINESS_LINE, ' +
  'QUERY.UNKNOWN_PARAMETER).';

@ReportsController('per-route')
export class FairnessController {
  constructor(private readonly queries: QueryBus) {}

  @RequirePermission('analytics:read')
  @JsonGet('fairness', {
    summary: 'Fairness of accountability consequences, with the test and its threshold',
    description: DESCRIPTION,
  })
  fairness(
    @Query() request: FairnessRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FairnessResponse> {
    return this.queries.execute(new GetFairnessQuery(request, reportScope(principal, request.orgUnit)));
  }

  @RequirePermission('analytics:read')
  @CsvGet('fairness.csv', {
    summary: 'Fairness report as CSV: one row per cell (stratum, dimension, key), levels, appeals, test',
    description: DESCRIPTION,
  })
  async fairnessCsv(
    @Query() request: FairnessRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<string> {
    return fairnessCsv((await this.fairness(request, principal)).report);
  }

  @RequirePermission('drill-down:read')
  @JsonGet('fairness/drill-down', {
    summary: 'The causes behind one fairness cell (one level of it, or all), by complaint id, paginated',
  })
  drillDown(
    @Query() request: FairnessDrillDownRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FairnessDrillDown> {
    return this.queries.execute(
      new GetFairnessDrillDownQuery(request, reportScope(principal, request.orgUnit)),
    );
  }
}
