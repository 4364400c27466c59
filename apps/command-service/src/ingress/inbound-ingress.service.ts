import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DomainError } from '@app/complaints';
import { ApiError, AuthErrors, boundToSource } from '@app/platform';
import {
  type InboundProblem,
  parseInboundMessage,
  validateInboundMessage,
} from '@app/messaging/inbound/inbound-message';
import { HandleComplaintCommand } from '../complaints/handle-complaint/handle-complaint.command';
import { RegisterComplaintCommand } from '../complaints/register-complaint/register-complaint.command';
import { type InboundSender, toCommand } from './inbound-message.mapper';

/**
 * A scoped sender's message about another unit, or one naming a system the sender is not bound to, is
 * refused like any other bad item.
 */
const outOfScope = (error: unknown): InboundProblem | undefined => {
  if (!(error instanceof ApiError)) return undefined;
  const body = error.getResponse() as { code?: string; errors?: InboundProblem[] };
  return body.code === AuthErrors.OUT_OF_SCOPE || body.code === AuthErrors.SOURCE_NOT_BOUND
    ? body.errors?.[0]
    : undefined;
};

/**
 * Why a sender may not send this message: its `source.system` is not one the sender speaks for. Checked
 * for every message type on every ingress path (single items, groups), before anything is decided.
 */
export const unboundSource = (
  message: { source: { system: string } },
  sender: InboundSender,
): InboundProblem | undefined =>
  boundToSource(sender.sources ?? 'any', message.source.system)
    ? undefined
    : {
        field: 'source.system',
        reason: `the sender is not bound to the upstream system "${message.source.system}"`,
        code: AuthErrors.SOURCE_NOT_BOUND,
      };

const sourceOf = (message: unknown): string | undefined => {
  const source = (message as { source?: { system?: unknown; externalId?: unknown } } | null)?.source;
  return typeof source?.system === 'string' && typeof source.externalId === 'string'
    ? `${source.system}:${source.externalId}`
    : undefined;
};

/**
 * The reasons a message is refused for (a business rule, another unit's complaint, a registration that
 * differs from the one stored earlier under the same source id), or undefined for a failure to throw.
 */
export const refusalOf = (error: unknown, message?: unknown): InboundProblem | undefined => {
  const refusal = outOfScope(error);
  if (refusal) return refusal;
  if (!(error instanceof DomainError)) return undefined;
  const source = sourceOf(message);
  if (error.code === 'IDEMPOTENCY.KEY_REUSED' && source)
    return {
      field: 'payload',
      reason: `${source} was stored earlier with other content; a changed message is not stored over it`,
      code: error.code,
    };
  return { field: error.field ? `payload.${error.field}` : '', reason: error.message, code: error.code };
};

export type IngressResult =
  | { status: 'accepted' | 'duplicate'; messageId: string; complaintId: string; version: number }
  | { status: 'rejected'; messageId?: string; problems: InboundProblem[] };

/**
 * The one ingress path shared by the Kafka consumer, the HTTP batch endpoint and the CSV import. A
 * message that cannot become a command, or whose command a business rule refuses, is `rejected` with
 * its reasons; anything else that fails (the store is down) is thrown, so the caller retries it and
 * nothing accepted is lost.
 */
@Injectable()
export class InboundIngress {
  constructor(private readonly commands: CommandBus) {}

  handleRaw(raw: string | Buffer | null): Promise<IngressResult> {
    const parsed = parseInboundMessage(raw);
    return parsed.ok
      ? this.handleValid(parsed.message)
      : Promise.resolve({ status: 'rejected', problems: parsed.problems });
  }

  /** `sender`: the principal that sent the message over HTTP; absent for the topic and the import. */
  handleJson(json: unknown, sender: InboundSender = {}): Promise<IngressResult> {
    const validated = validateInboundMessage(json);
    return validated.ok
      ? this.handleValid(validated.message, sender)
      : Promise.resolve({
          status: 'rejected',
          messageId:
            typeof (json as { messageId?: unknown })?.messageId === 'string'
              ? (json as { messageId: string }).messageId
              : undefined,
          problems: validated.problems,
        });
  }

  private async handleValid(
    message: Parameters<typeof toCommand>[0],
    sender: InboundSender = {},
  ): Promise<IngressResult> {
    const unbound = unboundSource(message, sender);
    if (unbound) return { status: 'rejected', messageId: message.messageId, problems: [unbound] };
    const command = toCommand(message, sender);
    try {
      if (command instanceof RegisterComplaintCommand) {
        const outcome = await this.commands.execute(command);
        return {
          status: outcome.replayed ? 'duplicate' : 'accepted',
          messageId: message.messageId,
          complaintId: outcome.complaintId,
          version: outcome.version,
        };
      }
      const outcome = await this.commands.execute(command as HandleComplaintCommand);
      return {
        status: outcome.replayed ? 'duplicate' : 'accepted',
        messageId: message.messageId,
        complaintId: (command as HandleComplaintCommand).complaintId,
        version: outcome.version,
      };
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      return { status: 'rejected', messageId: message.messageId, problems: [refusal] };
    }
  }
}
