import { Body, Controller, HttpCode, Post, UseFilters } from '@nestjs/common';
import { CommandErrorFilter } from '../http/error.filter';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsObject, IsOptional } from 'class-validator';
import { CurrentGrant, type Grant, RequirePermission, TextCheckedPerItem } from '@app/platform';
import { INBOUND_MESSAGE_TYPES } from '@app/messaging/inbound/inbound-message';
import { InboundBatchIngress } from './inbound-batch-ingress.service';
import { type IngressResult } from './inbound-ingress.service';

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

  @ApiPropertyOptional({
    description:
      "When true, the messages of one complaint (same source system and external id) are stored all or none: each is decided on the complaint's state after the ones before it, and a refused message refuses the others of its complaint (INGRESS.GROUP_REFUSED). The import sends its rows this way.",
  })
  @IsOptional()
  @IsBoolean()
  atomicPerComplaint?: boolean;
}

/** The batch's items grouped by complaint (source pair), in order; an item without a source stands alone. */
const byComplaint = (messages: readonly Record<string, unknown>[]): number[][] => {
  const groups = new Map<string, number[]>();
  const alone: number[][] = [];
  for (const [index, message] of messages.entries()) {
    const source = message.source as { system?: unknown; externalId?: unknown } | undefined;
    if (typeof source?.system !== 'string' || typeof source.externalId !== 'string') alone.push([index]);
    else {
      const key = JSON.stringify([source.system, source.externalId]);
      groups.set(key, [...(groups.get(key) ?? []), index]);
    }
  }
  return [...groups.values(), ...alone];
};

@ApiTags('ingress')
@UseFilters(CommandErrorFilter)
@Controller('ingress')
export class IngressController {
  constructor(private readonly batchIngress: InboundBatchIngress) {}

  /**
   * For upstream systems without Kafka. Items are handled in order, each on its own: a bad item gets
   * its own error and the valid ones still go through. A repeated item is reported as a duplicate. The
   * batch's complaints are read in one look-up and its events appended in one call (each complaint with
   * its own expected revision). With `atomicPerComplaint`, each complaint's items are stored all or none.
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
    if (body.atomicPerComplaint) {
      const groups = byComplaint(body.messages);
      const outcomes = await this.batchIngress.handleGroups(
        groups.map((indices) => indices.map((index) => body.messages[index]!)),
        sender,
      );
      for (const [g, indices] of groups.entries())
        for (const [i, index] of indices.entries()) results.push({ index, ...outcomes[g]!.results[i]! });
      results.sort((a, b) => a.index - b.index);
    } else
      for (const [index, result] of (await this.batchIngress.handleEach(body.messages, sender)).entries())
        results.push({ index, ...result });
    const count = (status: string) => results.filter((r) => r.status === status).length;
    return {
      accepted: count('accepted'),
      duplicates: count('duplicate'),
      rejected: count('rejected'),
      results,
    };
  }
}
