import { Inject, Injectable } from '@nestjs/common';
import { type EventStore } from '@app/event-store';
import {
  ACCESS_TOKEN_ISSUED,
  ACCESS_TOKEN_REVOKED,
  type AccessTokenIssued,
  type AccessTokenRevoked,
  type IssuedToken,
  type Principal,
  REVOCATIONS_STREAM,
  RevocationList,
  accessTokenStream,
} from '@app/platform';
import { uuidFrom } from '../shared/ids';
import { EVENT_STORE } from '../store/event-store.provider';

const metadataOf = (by: Principal, at: string, correlationId: string) => ({
  occurredAt: at,
  correlationId,
  causationId: correlationId,
  actor: { id: by.subject },
});

/**
 * The tokens this service issued and revoked, kept in the event store: an issued token is recorded
 * before it is handed out (no record, no token), so a revocation can be checked against the units and
 * issuer it was made for. The guard of this process follows the revocation stream.
 */
@Injectable()
export class AccessTokenRecords {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly revocations: RevocationList,
  ) {}

  async recordIssued(issued: IssuedToken, by: Principal, correlationId: string): Promise<void> {
    const data: AccessTokenIssued = {
      tokenId: issued.tokenId,
      subject: issued.subject,
      roles: [...issued.roles],
      orgUnits: issued.orgUnits === 'all' ? 'all' : [...issued.orgUnits],
      issuedBy: issued.issuedBy,
      issuedAt: issued.issuedAt,
      expiresAt: issued.expiresAt,
    };
    await this.store.append(
      accessTokenStream(issued.tokenId),
      [
        {
          eventId: uuidFrom('access-token', issued.tokenId),
          type: ACCESS_TOKEN_ISSUED,
          schemaVersion: 1,
          data,
          metadata: metadataOf(by, issued.issuedAt, correlationId),
        },
      ],
      'no-stream',
    );
  }

  /** The record of a token issued here, or undefined. */
  async issued(tokenId: string): Promise<AccessTokenIssued | undefined> {
    const [first] = await this.store.readStream(accessTokenStream(tokenId), { maxCount: 1 });
    return first?.type === ACCESS_TOKEN_ISSUED ? (first.data as AccessTokenIssued) : undefined;
  }

  /**
   * Appends the revocation (once: its id derives from the token's, so a second revocation stores
   * nothing) and refuses the token here at once. True when this call revoked it.
   */
  async revoke(
    revocation: Omit<AccessTokenRevoked, 'revokedBy'>,
    by: Principal,
    correlationId: string,
  ): Promise<boolean> {
    const data: AccessTokenRevoked = { ...revocation, revokedBy: by.subject };
    const result = await this.store.append(
      REVOCATIONS_STREAM,
      [
        {
          eventId: uuidFrom('access-token-revoked', revocation.tokenId),
          type: ACCESS_TOKEN_REVOKED,
          schemaVersion: 1,
          data,
          metadata: metadataOf(by, revocation.revokedAt, correlationId),
        },
      ],
      'any',
    );
    this.revocations.add(revocation);
    return result.appended;
  }
}
