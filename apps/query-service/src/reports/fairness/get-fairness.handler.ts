import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type ComplaintPolicy, type ConsequenceRung, consequenceLadderFor } from '@app/complaints';
import { type AnalyticsStore } from '@app/analytics';
import { type FairnessDrillDown, fairnessDrillDown, fairnessReport } from '@app/analytics/kpi/fairness';
import { parseReportPeriod } from '@app/analytics/kpi/shared';
import { policyOf } from '@app/platform';
import { ANALYTICS_STORE } from '../../analytics/analytics-store.provider';
import { QUERY_SERVICE_CONFIG, type QueryServiceConfig } from '../../config/query-service.config';
import {
  type FairnessResponse,
  GetFairnessDrillDownQuery,
  GetFairnessQuery,
  type Labelled,
} from './get-fairness.query';

/** The line's ladder, or with every line the union of the ladders in order (the default's first). */
const ladderOf = (policy: ComplaintPolicy, businessLine: string | undefined): ConsequenceRung[] => {
  if (businessLine) return [...consequenceLadderFor(policy, businessLine)];
  const all = [
    policy.consequenceLadders.default,
    ...Object.values(policy.consequenceLadders.byBusinessLine ?? {}),
  ];
  const rungs = new Map<string, ConsequenceRung>();
  for (const ladder of all)
    for (const rung of ladder) if (!rungs.has(rung.level)) rungs.set(rung.level, rung);
  return [...rungs.values()];
};

@QueryHandler(GetFairnessQuery)
export class GetFairnessHandler implements IQueryHandler<GetFairnessQuery, FairnessResponse> {
  private readonly policy: ComplaintPolicy;

  constructor(
    @Inject(ANALYTICS_STORE) private readonly store: AnalyticsStore,
    @Inject(QUERY_SERVICE_CONFIG) private readonly config: QueryServiceConfig,
  ) {
    this.policy = policyOf(config);
  }

  async execute({ request, scope }: GetFairnessQuery): Promise<FairnessResponse> {
    const ladder = ladderOf(this.policy, request.businessLine);
    const report = await fairnessReport(this.store, this.config.ANALYTICS_DATABASE, {
      period: parseReportPeriod(request.period, this.config.REPORTING_TIME_ZONE),
      businessLine: request.businessLine,
      orgUnit: request.orgUnit,
      scope,
      ladder: ladder.map((rung) => rung.level),
    });
    const labelled = new Map(ladder.map((rung) => [rung.level, rung.labels]));
    return {
      report,
      ladder: report.levels.map((code): Labelled => ({
        code,
        labels: labelled.get(code) ?? { 'zh-CN': code, en: code },
      })),
    };
  }
}

@QueryHandler(GetFairnessDrillDownQuery)
export class GetFairnessDrillDownHandler implements IQueryHandler<
  GetFairnessDrillDownQuery,
  FairnessDrillDown
> {
  constructor(
    @Inject(ANALYTICS_STORE) private readonly store: AnalyticsStore,
    @Inject(QUERY_SERVICE_CONFIG) private readonly config: QueryServiceConfig,
  ) {}

  execute({ request, scope }: GetFairnessDrillDownQuery): Promise<FairnessDrillDown> {
    return fairnessDrillDown(this.store, this.config.ANALYTICS_DATABASE, {
      period: parseReportPeriod(request.period, this.config.REPORTING_TIME_ZONE),
      businessLine: request.businessLine,
      orgUnit: request.orgUnit,
      scope,
      causeCode: request.causeCode,
      severity: request.severity,
      dimension: request.dimension,
      key: request.key,
      level: request.level,
      page: request.page ?? 1,
      pageSize: request.pageSize ?? 50,
    });
  }
}
