import { type CommandMetadata } from '@app/complaints';

/** What the HTTP edge learns from a request, beside its body. */
export type RequestContext = Readonly<{
  actor: CommandMetadata['actor'];
  correlationId: string;
  causationId: string;
  /** From the Idempotency-Key header, or (source system, external id) for upstream messages. */
  idempotencyKey?: string;
  /** From If-Match or the body's expectedVersion: the stream revision the client saw. */
  expectedVersion?: number;
  /**
   * When the fact happened, for messages that report the past (upstream systems, imports); the
   * command is decided as of that instant. Absent for live HTTP commands: the clock decides.
   */
  occurredAt?: string;
}>;
