import { type CommandMetadata } from '@app/complaints';
import { type Principal, type SourceBinding } from '@app/platform';

/** The org units a command may touch: the principal's, or 'all' (unscoped callers, upstream systems). */
export type OrgUnitScope = Principal['orgUnits'];

/** What the HTTP edge learns from a request, beside its body. */
export type RequestContext = Readonly<{
  actor: CommandMetadata['actor'];
  /** Checked by the handlers after loading a stream, before deciding: out of scope → 403, nothing appended. */
  scope: OrgUnitScope;
  /** The upstream systems the caller may speak for: 'any' on the trusted paths (inbound topic, import). */
  sources: SourceBinding;
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
