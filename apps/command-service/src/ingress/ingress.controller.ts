import { Body, Controller, HttpCode, Post, UseFilters } from '@nestjs/common';
import { CommandErrorFilter } from '../http/error.filter';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject } from 'class-validator';
import { CurrentGrant, type Grant, RequirePermission, TextCheckedPerItem } from '@app/platform';
import { INBOUND_MESSAGE_TYPES } from '@app/messaging/inbound/inbound-message';
import { InboundIngress, type IngressResult } from './inbound-ingress.service';

export const MAX_BATCH_ITEMS = 500;

/** Each message is checked against the inbound contract on its own, malformed text included. */
@TextCheckedPerItem('messages')
export class IngressBatchRequest {
  @ApiProperty({
    description:
      `1–${MAX_BATCH_ITEMS} upstream messages, the same JSON as on complaints.inbound.v1: ` +
      `{ messageId, type (${INBOUND_MESSAGE_TYPES.join(' | ')}), schemaVersion: 1, source: { system, externalId }, occurredAt, payload }`,
    type: 'array',
    items: { type: 'object' },
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_ITEMS)
  @IsObject({ each: true })
  messages!: Record<string, unknown>[];
}

@ApiTags('ingress')
@UseFilters(CommandErrorFilter)
@Controller('ingress')
export class IngressController {
  constructor(private readonly ingress: InboundIngress) {}

  /**
   * For upstream systems without Kafka. Items are handled in order, each on its own: a bad item gets
   * its own error and the valid ones still go through. A repeated item is reported as a duplicate.
   */
  @Post('batch')
  @HttpCode(200)
  @RequirePermission('ingress:write')
  @ApiOperation({
    summary: 'Send a batch of upstream messages; one result per item (accepted, duplicate, rejected)',
  })
  async batch(@Body() body: IngressBatchRequest, @CurrentGrant() { principal, role }: Grant) {
    // The authenticated system is the actor; its units bound it, and it speaks only for its own sources.
    const sender = {
      actor: { id: principal.subject, role },
      scope: principal.orgUnits,
      sources: principal.sources,
    };
    const results: (IngressResult & { index: number })[] = [];
    for (const [index, message] of body.messages.entries()) {
      results.push({ index, ...(await this.ingress.handleJson(message, sender)) });
    }
    const count = (status: string) => results.filter((r) => r.status === status).length;
    return {
      accepted: count('accepted'),
      duplicates: count('duplicate'),
      rejected: count('rejected'),
      results,
    };
  }
}
