import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { withCode } from '../shared/report-filters';
import { DOCUMENT_LANGUAGES, type DocumentLanguage } from './documents/weekly-pack-document';
import { WeeklyPackRequest } from './weekly-pack.request.dto';

/** The pack's parameters and the language of the document (zh-CN unless told). */
export class WeeklyPackDocumentRequest extends WeeklyPackRequest {
  @ApiPropertyOptional({ enum: DOCUMENT_LANGUAGES, default: 'zh-CN' })
  @IsOptional()
  @IsIn(DOCUMENT_LANGUAGES, { message: 'lang must be zh-CN or en', ...withCode('QUERY.INVALID_LANGUAGE') })
  lang?: DocumentLanguage;
}
