import { Query, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { KPI_DEFINITIONS } from '@app/analytics/kpi/shared';
import { CurrentPrincipal, type Principal } from '@app/platform';
import { CsvGet, JsonGet, PdfGet, ReportsController, XlsxGet } from '../shared/report.decorators';
import { reportScope } from '../shared/report-scope';
import { GetWeeklyPackQuery, type WeeklyPackReport } from './get-weekly-pack.query';
import { type ReportFont, findReportFont } from './documents/report-font';
import { weeklyPackDocument } from './documents/weekly-pack-document';
import { weeklyPackPdfIn } from './documents/weekly-pack.pdf';
import { weeklyPackXlsx } from './documents/weekly-pack.xlsx';
import { weeklyPackCsv } from './weekly-pack.csv';
import { WeeklyPackDocumentRequest } from './weekly-pack-document.request.dto';
import { WeeklyPackRequest } from './weekly-pack.request.dto';

const FORMULAS = Object.values(KPI_DEFINITIONS)
  .map(
    ({ id, label, formula }) =>
      `- **${id}** — ${label.en} / ${label['zh-CN']}: ${formula.en}（${formula['zh-CN']}）`,
  )
  .join('\n');

const DESCRIPTION =
  'The weekly quality-analysis pack of one ISO week in the reporting time zone, optionally for one ' +
  'business line and one receiving org unit. A caller restricted to some org units sees only the complaints ' +
  'they received (filters.scope names them); an orgUnit outside them → 403 AUTH.OUT_OF_SCOPE. Bad ' +
  'parameters → 400 naming the field, the reason and a stable code (QUERY.INVALID_WEEK, ' +
  `QUERY.INVALID_BUSINESS_LINE, QUERY.UNKNOWN_PARAMETER…).\n\n${FORMULAS}`;

@ReportsController('analytics:read')
export class WeeklyPackController {
  /** Looked up once: the CJK font the zh-CN PDF embeds. */
  private readonly font: ReportFont | undefined = findReportFont();

  constructor(private readonly queries: QueryBus) {}

  @JsonGet('weekly-pack', {
    summary: 'Weekly quality-analysis pack, with the KPI definitions',
    description: DESCRIPTION,
  })
  weeklyPack(
    @Query() request: WeeklyPackRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WeeklyPackReport> {
    return this.run(request, principal);
  }

  @CsvGet('weekly-pack.csv', {
    summary: 'Weekly quality-analysis pack as CSV: one row per figure, columns kpi,measure,dimension,value',
    description: DESCRIPTION,
  })
  async weeklyPackCsv(
    @Query() request: WeeklyPackRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<string> {
    return weeklyPackCsv((await this.run(request, principal)).pack);
  }

  @PdfGet('weekly-pack.pdf', {
    summary:
      'Weekly pack as PDF (zh-CN or en), made on the server: filters, volume chart, every figure, the formulas',
    description: DESCRIPTION,
  })
  async weeklyPackPdf(
    @Query() request: WeeklyPackDocumentRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StreamableFile> {
    const { pack } = await this.run(request, principal);
    const pdf = await weeklyPackPdfIn(pack, request.lang ?? 'zh-CN', new Date(), this.font);
    return new StreamableFile(pdf, { disposition: `attachment; filename="weekly-pack-${pack.week.id}.pdf"` });
  }

  @XlsxGet('weekly-pack.xlsx', {
    summary:
      'Weekly pack as an Excel workbook (zh-CN or en): every figure, rates as formulas, the definitions',
    description: DESCRIPTION,
  })
  async weeklyPackXlsx(
    @Query() request: WeeklyPackDocumentRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StreamableFile> {
    const { pack } = await this.run(request, principal);
    const xlsx = await weeklyPackXlsx(weeklyPackDocument(pack, request.lang ?? 'zh-CN', new Date()));
    return new StreamableFile(xlsx, {
      disposition: `attachment; filename="weekly-pack-${pack.week.id}.xlsx"`,
    });
  }

  private run(
    { week, businessLine, orgUnit }: WeeklyPackRequest,
    principal: Principal,
  ): Promise<WeeklyPackReport> {
    const scope = reportScope(principal, orgUnit);
    return this.queries.execute(new GetWeeklyPackQuery(week, scope, businessLine, orgUnit));
  }
}
