import { Query, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, type Principal } from '@app/platform';
import { JsonGet, PdfGet, ReportsController, XlsxGet } from '../shared/report.decorators';
import { reportScope } from '../shared/report-scope';
import { type ReportFont, findReportFont } from '../weekly-pack/documents/report-font';
import { weeklyPackDocument } from '../weekly-pack/documents/weekly-pack-document';
import { weeklyPackPdfIn } from '../weekly-pack/documents/weekly-pack.pdf';
import { weeklyPackXlsx } from '../weekly-pack/documents/weekly-pack.xlsx';
import {
  type ArchiveList,
  type ArchivedPackReport,
  GetArchivedPackQuery,
  ListArchivedPacksQuery,
} from './archive.queries';
import { ArchiveListRequest, ArchivedPackDocumentRequest, ArchivedPackRequest } from './archive.request.dto';

const SCOPE =
  "A whole line's pack draws on every org unit, so only a reader of every unit sees it; a unit's pack is " +
  'seen by the readers of that unit. An orgUnit outside the caller’s → 403 AUTH.OUT_OF_SCOPE; a pack not ' +
  'archived and one the caller may not read both answer 404 ARCHIVE.NOT_FOUND.';

/**
 * The weekly packs as archived on the schedule: frozen figures, never recomputed. The PDF and the
 * workbook are made from the archived figures, dated by when they were archived.
 */
@ReportsController('analytics:read', 'reports/archive')
export class ArchiveController {
  private readonly font: ReportFont | undefined = findReportFont();

  constructor(private readonly queries: QueryBus) {}

  @JsonGet('', { summary: 'The archived weekly packs, newest week first', description: SCOPE })
  list(@Query() request: ArchiveListRequest, @CurrentPrincipal() principal: Principal): Promise<ArchiveList> {
    const scope = reportScope(principal, request.orgUnit);
    return this.queries.execute(
      new ListArchivedPacksQuery(scope, request.businessLine, request.orgUnit, request.from, request.to),
    );
  }

  @JsonGet('pack', {
    summary: 'One archived pack: its frozen figures and definitions version',
    description: SCOPE,
  })
  pack(
    @Query() request: ArchivedPackRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ArchivedPackReport> {
    return this.read(request, principal);
  }

  @PdfGet('pack.pdf', {
    summary: 'One archived pack as PDF (zh-CN or en), from its frozen figures',
    description: SCOPE,
  })
  async pdf(
    @Query() request: ArchivedPackDocumentRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StreamableFile> {
    const { archive } = await this.read(request, principal);
    const pdf = await weeklyPackPdfIn(
      archive.pack,
      request.lang ?? 'zh-CN',
      new Date(archive.generatedAt),
      this.font,
    );
    return new StreamableFile(pdf, { disposition: `attachment; filename="${fileName(archive)}.pdf"` });
  }

  @XlsxGet('pack.xlsx', {
    summary: 'One archived pack as an Excel workbook, from its frozen figures',
    description: SCOPE,
  })
  async xlsx(
    @Query() request: ArchivedPackDocumentRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StreamableFile> {
    const { archive } = await this.read(request, principal);
    const xlsx = await weeklyPackXlsx(
      weeklyPackDocument(archive.pack, request.lang ?? 'zh-CN', new Date(archive.generatedAt)),
    );
    return new StreamableFile(xlsx, { disposition: `attachment; filename="${fileName(archive)}.xlsx"` });
  }

  private read(
    { week, businessLine, orgUnit }: ArchivedPackRequest,
    principal: Principal,
  ): Promise<ArchivedPackReport> {
    const scope = reportScope(principal, orgUnit);
    return this.queries.execute(new GetArchivedPackQuery(scope, businessLine, week, orgUnit ?? null));
  }
}

/** A file name of the line and week only: an org unit's free text stays out of the header. */
const fileName = ({ businessLine, week }: { businessLine: string; week: string }) =>
  `weekly-pack-archive-${businessLine}-${week}`;
