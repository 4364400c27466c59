import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, Matches } from 'class-validator';
import { ArchiveListRequest } from '../archive/archive.request.dto';
import { withCode } from '../shared/report-filters';

/** `GET /reports/quality-meetings`: the same filters as the archive's list (line, unit, weeks). */
export class QualityMeetingListRequest extends ArchiveListRequest {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class QualityMeetingParams {
  @ApiProperty({ description: 'The meeting’s id (from POST /quality-meetings)', format: 'uuid' })
  @IsDefined(withCode('QUERY.REQUIRED'))
  @Matches(UUID, { message: 'id must be a lower-case UUID', ...withCode('QUERY.INVALID_ID') })
  id!: string;
}
