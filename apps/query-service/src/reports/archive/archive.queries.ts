import { Query } from '@nestjs/cqrs';
import type { KpiDefinition, OrgUnitScope } from '@app/analytics/kpi/shared';
import { type ArchivedPack, type ArchivedPackSummary } from '@app/analytics/kpi/archive';

export type ArchiveList = { archives: ArchivedPackSummary[] };

/**
 * An archived pack as it was recorded, with the definitions this code knows: `currentDefinitionsVersion`
 * differs from the archive's `definitionsVersion` when a formula changed since.
 */
export type ArchivedPackReport = {
  archive: ArchivedPack;
  currentDefinitionsVersion: string;
  definitions: KpiDefinition[];
};

export class ListArchivedPacksQuery extends Query<ArchiveList> {
  constructor(
    readonly scope: OrgUnitScope,
    readonly businessLine?: string,
    readonly orgUnit?: string,
    readonly fromWeek?: string,
    readonly toWeek?: string,
  ) {
    super();
  }
}

export class GetArchivedPackQuery extends Query<ArchivedPackReport> {
  constructor(
    readonly scope: OrgUnitScope,
    readonly businessLine: string,
    readonly week: string,
    readonly orgUnit: string | null,
  ) {
    super();
  }
}
