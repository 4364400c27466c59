import { Controller, Get, Header, Query, UseFilters } from '@nestjs/common';
import { QueryErrorFilter } from '../../http/error.filter';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { KPI_DEFINITIONS } from '@app/analytics/kpi/kpi-definitions';
import { GetWeeklyPackQuery, type WeeklyPackReport } from './get-weekly-pack.query';
import { weeklyPackCsv } from './weekly-pack.csv';
import { WeeklyPackRequest } from './weekly-pack.request.dto';

const FORMULAS = Object.values(KPI_DEFINITIONS)
  .map(
    ({ id, label, formula }) =>
      `- **${id}** — ${label.en} / ${label['zh-CN']}: ${formula.en}（${formula['zh-CN']}）`,
  )
  .join('\n');

const DESCRIPTION =
  'The weekly quality-analysis pack of one ISO week in the reporting time zone, optionally for one ' +
  'business line and one receiving org unit. Bad parameters → 400 naming the field, the reason and a ' +
  `stable code (QUERY.INVALID_WEEK, QUERY.INVALID_BUSINESS_LINE, QUERY.UNKNOWN_PARAMETER…).\n\n${FORMULAS}`;

@ApiTags('reports')
@UseFilters(QueryErrorFilter)
@Controller('reports')
export class WeeklyPackController {
  constructor(private readonly queries: QueryBus) {}

  @Get('weekly-pack')
  @ApiOperation({
    summary: 'Weekly quality-analysis pack, with the KPI definitions',
    description: DESCRIPTION,
  })
  weeklyPack(@Query() request: WeeklyPackRequest): Promise<WeeklyPackReport> {
    return this.run(request);
  }

  @Get('weekly-pack.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'Weekly quality-analysis pack as CSV: one row per figure, columns kpi,measure,dimension,value',
    description: DESCRIPTION,
  })
  async weeklyPackCsv(@Query() request: WeeklyPackRequest): Promise<string> {
    return weeklyPackCsv((await this.run(request)).pack);
  }

  private run({ week, businessLine, orgUnit }: WeeklyPackRequest): Promise<WeeklyPackReport> {
    return this.queries.execute(new GetWeeklyPackQuery(week, businessLine, orgUnit));
  }
}
