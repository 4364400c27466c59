import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type AnalyticsStore } from '@app/analytics';
import { KPI_DEFINITIONS, UNSCOPED } from '@app/analytics/kpi/shared';
import { packDifferences, readArchivedPack } from '@app/analytics/kpi/archive';
import { type WeeklyPack, weeklyPack } from '@app/analytics/kpi/weekly-pack';
import { ANALYTICS_STORE } from '../../analytics/analytics-store.provider';
import { QUERY_SERVICE_CONFIG, type QueryServiceConfig } from '../../config/query-service.config';
import {
  type ArchiveComparison,
  GetWeeklyPackQuery,
  MAX_LISTED_DIFFERENCES,
  type WeeklyPackReport,
} from './get-weekly-pack.query';

@QueryHandler(GetWeeklyPackQuery)
export class GetWeeklyPackHandler implements IQueryHandler<GetWeeklyPackQuery, WeeklyPackReport> {
  constructor(
    @Inject(ANALYTICS_STORE) private readonly store: AnalyticsStore,
    @Inject(QUERY_SERVICE_CONFIG) private readonly config: QueryServiceConfig,
  ) {}

  async execute(query: GetWeeklyPackQuery): Promise<WeeklyPackReport> {
    const pack = await this.pack(query);
    return {
      pack,
      definitions: Object.values(KPI_DEFINITIONS),
      archive: await this.compareWithArchive(query, pack),
    };
  }

  private pack({ week, scope, businessLine, orgUnit }: GetWeeklyPackQuery): Promise<WeeklyPack> {
    return weeklyPack(this.store, this.config.ANALYTICS_DATABASE, {
      week,
      timeZone: this.config.REPORTING_TIME_ZONE,
      businessLine,
      orgUnit,
      scope,
    });
  }

  /**
   * Archives are per line (and unit) and computed unscoped, so the live side is the same pack computed
   * the same way: the caller's own pack when it is unscoped, otherwise the unit's pack read again
   * unscoped (the caller may read that unit's archive, so it may read these figures too).
   */
  private async compareWithArchive(
    query: GetWeeklyPackQuery,
    pack: WeeklyPack,
  ): Promise<ArchiveComparison | null> {
    if (query.businessLine === undefined) return null;
    const archived = await readArchivedPack(this.store, this.config.ANALYTICS_DATABASE, {
      businessLine: query.businessLine,
      week: pack.week.id,
      orgUnit: query.orgUnit ?? null,
      scope: query.scope,
    });
    if (!archived) return null;
    const live =
      query.scope === UNSCOPED
        ? pack
        : await this.pack(new GetWeeklyPackQuery(query.week, UNSCOPED, query.businessLine, query.orgUnit));
    const { pack: frozen, ...summary } = archived;
    // Compared as both are served: JSON, in which the archive was stored.
    const differences = packDifferences(frozen, JSON.parse(JSON.stringify(live)));
    return {
      ...summary,
      differs: differences.length > 0,
      differenceCount: differences.length,
      differences: differences.slice(0, MAX_LISTED_DIFFERENCES),
    };
  }
}
