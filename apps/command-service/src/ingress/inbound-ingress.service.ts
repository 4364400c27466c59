import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DomainError } from '@app/complaints';
import {
  type InboundProblem,
  parseInboundMessage,
  validateInboundMessage,
} from '@app/messaging/inbound/inbound-message';
import { HandleComplaintCommand } from '../complaints/handle-complaint/handle-complaint.command';
import { RegisterComplaintCommand } from '../complaints/register-complaint/register-complaint.command';
import { toCommand } from './inbound-message.mapper';

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

  handleJson(json: unknown): Promise<IngressResult> {
    const validated = validateInboundMessage(json);
    return validated.ok
      ? this.handleValid(validated.message)
      : Promise.resolve({
          status: 'rejected',
          messageId:
            typeof (json as { messageId?: unknown })?.messageId === 'string'
              ? (json as { messageId: string }).messageId
              : undefined,
          problems: validated.problems,
        });
  }

  private async handleValid(message: Parameters<typeof toCommand>[0]): Promise<IngressResult> {
    const command = toCommand(message);
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
      if (!(error instanceof DomainError)) throw error;
      return {
        status: 'rejected',
        messageId: message.messageId,
        problems: [
          { field: error.field ? `payload.${error.field}` : '', reason: error.message, code: error.code },
        ],
      };
    }
  }
}
