import { Query } from '@nestjs/cqrs';
import type { RootCauseTrends, TrendDefinition } from '@app/analytics/kpi/trends';
import { type OrgUnitScope } from '@app/analytics/kpi/shared';
import { type TrendsRequest } from './trends.request.dto';

/** The trends and the definitions of what they count, so that a reader sees what each figure means. */
export type TrendsReport = { trends: RootCauseTrends; definitions: TrendDefinition[] };

export class GetTrendsQuery extends Query<TrendsReport> {
  constructor(
    readonly request: Readonly<TrendsRequest>,
    /** The receiving org units the caller may read (its principal's). */
    readonly scope: OrgUnitScope,
  ) {
    super();
  }
}
