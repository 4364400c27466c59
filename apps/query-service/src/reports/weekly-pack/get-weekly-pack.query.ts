import { Query } from '@nestjs/cqrs';
import { type KpiDefinition } from '@app/analytics/kpi/kpi-definitions';
import { type WeeklyPack } from '@app/analytics/kpi/weekly-pack.query';

/** The pack and the definitions of the KPIs in it, so that a reader sees what each figure means. */
export type WeeklyPackReport = { pack: WeeklyPack; definitions: KpiDefinition[] };

export class GetWeeklyPackQuery extends Query<WeeklyPackReport> {
  constructor(
    readonly week: string,
    readonly businessLine?: string,
    readonly orgUnit?: string,
  ) {
    super();
  }
}
