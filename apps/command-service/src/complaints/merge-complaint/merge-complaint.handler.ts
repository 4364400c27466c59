import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  type ComplaintEvent,
  ComplaintErrors,
  type DecisionContext,
  DomainError,
  type DuplicateComplaintMerged,
  complaintNotFound,
  complaintStream,
  decideMerge,
  foldComplaint,
} from '@app/complaints';
import { DECISION_CONTEXT } from '../../config/domain-config';
import { type CommandOutcome, EventSourcedStreams } from '../../command-loop/event-sourced-streams';
import { hashOf } from '../../shared/ids';
import { assertStreamInScope, complaintOrgUnits, streamInScope } from '../../shared/org-unit-scope';
import { type RequestContext } from '../../shared/request-context';
import { MergeComplaintCommand } from './merge-complaint.command';

/**
 * A merge writes to two streams: the duplicate (decided against both states, with optimistic
 * concurrency) and then the survivor's record of it. The record is rebuilt from the duplicate's stream
 * with ids derived from the pair, so running the merge again after a crash between the two appends
 * completes it without writing anything twice.
 */
@CommandHandler(MergeComplaintCommand)
export class MergeComplaintHandler implements ICommandHandler<MergeComplaintCommand, CommandOutcome> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(DECISION_CONTEXT) private readonly decision: DecisionContext,
  ) {}

  async execute({
    duplicateId,
    intoComplaintId,
    reason,
    context,
  }: MergeComplaintCommand): Promise<CommandOutcome> {
    const requestHash = hashOf({ duplicateId, intoComplaintId, reason });
    try {
      const outcome = await this.streams.handle(
        complaintStream(duplicateId),
        context,
        requestHash,
        async (loaded, now) => {
          const loadedTarget = await this.streams.load(complaintStream(intoComplaintId));
          // Another unit's complaint is decided as one that does not exist: the same refusal, no unit named.
          const target = streamInScope(
            context.scope,
            complaintOrgUnits(loadedTarget.events as ComplaintEvent[]),
          )
            ? loadedTarget
            : { events: [] };
          return decideMerge(
            {
              type: 'MergeComplaint',
              data: { complaintId: duplicateId, intoComplaintId, reason },
              metadata: { now, actor: context.actor },
            },
            foldComplaint(loaded.events as ComplaintEvent[]),
            foldComplaint(target.events as ComplaintEvent[]),
            this.decision,
          ).duplicate;
        },
        (loaded) =>
          assertStreamInScope(
            context.scope,
            complaintOrgUnits(loaded.events as ComplaintEvent[]),
            complaintNotFound,
          ),
      );
      await this.recordOnSurvivor(duplicateId, intoComplaintId, context, requestHash);
      return outcome;
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== ComplaintErrors.MERGED) throw error;
      const repaired = await this.recordOnSurvivor(duplicateId, intoComplaintId, context, requestHash);
      if (!repaired) throw error;
      return repaired;
    }
  }

  /** Appends the survivor's record of a merge that the duplicate's stream holds; undefined if it holds none. */
  private async recordOnSurvivor(
    duplicateId: string,
    intoComplaintId: string,
    context: RequestContext,
    requestHash: string,
  ): Promise<CommandOutcome | undefined> {
    const duplicate = await this.streams.load(complaintStream(duplicateId));
    const events = duplicate.events as ComplaintEvent[];
    const merged = events.find((e) => e.type === 'ComplaintMergedInto');
    const registered = events.find((e) => e.type === 'ComplaintRegistered');
    if (merged?.type !== 'ComplaintMergedInto' || merged.data.intoComplaintId !== intoComplaintId)
      return undefined;
    if (registered?.type !== 'ComplaintRegistered') return undefined;
    const record: DuplicateComplaintMerged = {
      type: 'DuplicateComplaintMerged',
      data: {
        complaintId: intoComplaintId,
        duplicateComplaintId: duplicateId,
        duplicateChannel: registered.data.channel,
        mergedAt: merged.data.mergedAt,
      },
    };
    await this.streams.appendDecided(
      complaintStream(intoComplaintId),
      [record],
      context,
      requestHash,
      `merge\u0000${duplicateId}\u0000${intoComplaintId}`,
    );
    return {
      streamId: complaintStream(duplicateId),
      version: duplicate.version,
      eventTypes: ['ComplaintMergedInto'],
      replayed: true,
    };
  }
}
