import { Inject, NotFoundException } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type AnalyticsStore } from '@app/analytics';
import { KPI_DEFINITIONS, KPI_DEFINITIONS_VERSION } from '@app/analytics/kpi/shared';
import { listArchivedPacks, readArchivedPack } from '@app/analytics/kpi/archive';
import { ANALYTICS_STORE } from '../../analytics/analytics-store.provider';
import { QUERY_SERVICE_CONFIG, type QueryServiceConfig } from '../../config/query-service.config';
import {
  type ArchiveList,
  type ArchivedPackReport,
  GetArchivedPackQuery,
  ListArchivedPacksQuery,
} from './archive.queries';

/** Not archived, and archived but not the caller's to read, answer alike. */
export const archiveNotFound = () =>
  new NotFoundException({
    statusCode: 404,
    code: 'ARCHIVE.NOT_FOUND',
    message: 'No archived pack of that week, line and unit',
    errors: [],
  });

@QueryHandler(ListArchivedPacksQuery)
export class ListArchivedPacksHandler implements IQueryHandler<ListArchivedPacksQuery, ArchiveList> {
  constructor(
    @Inject(ANALYTICS_STORE) private readonly store: AnalyticsStore,
    @Inject(QUERY_SERVICE_CONFIG) private readonly config: QueryServiceConfig,
  ) {}

  async execute({
    scope,
    businessLine,
    orgUnit,
    fromWeek,
    toWeek,
  }: ListArchivedPacksQuery): Promise<ArchiveList> {
    const archives = await listArchivedPacks(this.store, this.config.ANALYTICS_DATABASE, {
      scope,
      businessLine,
      orgUnit,
      fromWeek,
      toWeek,
    });
    return { archives };
  }
}

@QueryHandler(GetArchivedPackQuery)
export class GetArchivedPackHandler implements IQueryHandler<GetArchivedPackQuery, ArchivedPackReport> {
  constructor(
    @Inject(ANALYTICS_STORE) private readonly store: AnalyticsStore,
    @Inject(QUERY_SERVICE_CONFIG) private readonly config: QueryServiceConfig,
  ) {}

  async execute({ scope, businessLine, week, orgUnit }: GetArchivedPackQuery): Promise<ArchivedPackReport> {
    const archive = await readArchivedPack(this.store, this.config.ANALYTICS_DATABASE, {
      scope,
      businessLine,
      week,
      orgUnit,
    });
    if (!archive) throw archiveNotFound();
    return {
      archive,
      currentDefinitionsVersion: KPI_DEFINITIONS_VERSION,
      definitions: Object.values(KPI_DEFINITIONS),
    };
  }
}
