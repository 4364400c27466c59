import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsOptional, IsString, Matches, ValidateBy } from 'class-validator';
import { parseIsoWeek } from '@app/analytics/kpi/shared';
import { DOCUMENT_LANGUAGES, type DocumentLanguage } from '../weekly-pack/documents/weekly-pack-document';
import { BUSINESS_LINE_CODE, BusinessLineFilter, OrgUnitFilter, withCode } from '../shared/report-filters';

const isIsoWeek = (value: unknown): boolean => {
  if (typeof value !== 'string') return false;
  try {
    parseIsoWeek(value, 'UTC');
    return true;
  } catch {
    return false;
  }
};

const OptionalWeek = (field: string, description: string) => (target: object, key: string) => {
  ApiPropertyOptional({ description, example: '2026-W10', pattern: '^\\d{4}-W\\d{2}$' })(target, key);
  IsOptional()(target, key);
  ValidateBy(
    { name: 'isIsoWeek', validator: { validate: isIsoWeek } },
    { message: `${field} must be an ISO week that exists, like 2026-W10`, ...withCode('QUERY.INVALID_WEEK') },
  )(target, key);
};

/** `GET /reports/archive`: the archived packs, newest week first, optionally of one line and weeks. */
export class ArchiveListRequest {
  @BusinessLineFilter()
  businessLine?: string;

  /** The packs archived for this receiving unit only (outside the caller's units: 403). */
  @OrgUnitFilter()
  orgUnit?: string;

  @OptionalWeek('from', 'First ISO week listed (inclusive)')
  from?: string;

  @OptionalWeek('to', 'Last ISO week listed (inclusive)')
  to?: string;
}

/**
 * One archived pack: its week, its business line (required: packs are archived per line) and the
 * receiving unit it was restricted to (none: the whole line).
 */
export class ArchivedPackRequest {
  @ApiProperty({ description: 'ISO week `YYYY-Www`', example: '2026-W10', pattern: '^\\d{4}-W\\d{2}$' })
  @IsDefined(withCode('QUERY.REQUIRED'))
  @ValidateBy(
    { name: 'isIsoWeek', validator: { validate: isIsoWeek } },
    { message: 'week must be an ISO week that exists, like 2026-W10', ...withCode('QUERY.INVALID_WEEK') },
  )
  week!: string;

  @ApiProperty({ description: 'Business line code', pattern: BUSINESS_LINE_CODE.source })
  @IsDefined(withCode('QUERY.REQUIRED'))
  @IsString(withCode('QUERY.INVALID_BUSINESS_LINE'))
  @Matches(BUSINESS_LINE_CODE, {
    message: 'businessLine must be a lower-case code (letters, digits, dashes; at most 64)',
    ...withCode('QUERY.INVALID_BUSINESS_LINE'),
  })
  businessLine!: string;

  @OrgUnitFilter()
  orgUnit?: string;
}

export class ArchivedPackDocumentRequest extends ArchivedPackRequest {
  @ApiPropertyOptional({ enum: DOCUMENT_LANGUAGES, default: 'zh-CN' })
  @IsOptional()
  @IsIn(DOCUMENT_LANGUAGES, { message: 'lang must be zh-CN or en', ...withCode('QUERY.INVALID_LANGUAGE') })
  lang?: DocumentLanguage;
}
